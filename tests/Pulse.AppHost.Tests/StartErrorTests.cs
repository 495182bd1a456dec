using System.Net;
using System.Net.Sockets;
using Pulse.Hosting;
using Pulse.Hosting.ApplicationModel;
using Pulse.Hosting.Orchestration;
using Pulse.Hosting.Testing;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

public sealed class StartErrorTests
{
    [Fact]
    public async Task APortInUseIsAClearErrorNamingThePortAndTheResource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>([$"--AppHost:Ports:registry={port}"], ct);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(ct));
        Assert.Contains($"Port {port} for 'registry' is in use", error.Message);
        Assert.Contains("--AppHost:Ports:registry=<port>", error.Message);
    }

    [Fact]
    public async Task AResourceThatExitsDuringStartFailsWithItsLastOutputAndItsDependentsDoNotStart()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(cancellationToken: ct);
        builder.HoldBack(PulseResources.Pilot, PulseResources.Prism);
        builder.WithEnvironment(PulseResources.Registry, "ConnectionStrings__registrydb", "");
        builder.CreateResourceBuilder<ProjectResource>(PulseResources.Haul)
            .WaitFor(builder.CreateResourceBuilder<ProjectResource>(PulseResources.Registry));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(ct));

        Assert.Contains("'registry' exited during start with code", error.Message);
        Assert.Contains("ConnectionStrings:registrydb", error.Message); // its own last words
        Assert.Contains("'haul' did not start: it waits for 'registry', which failed.", error.Message);
        Assert.Equal(ResourceState.Running, app.GetResourceState(PulseResources.Postgres));
    }
}
