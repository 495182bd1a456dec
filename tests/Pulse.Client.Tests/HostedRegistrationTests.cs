using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pulse.Client.Registry;

namespace Pulse.Client.Tests;

/// <summary>The SDK inside a real web host: when it registers, what it advertises, what it reports, how it leaves.</summary>
public sealed class HostedRegistrationTests
{
    [Fact]
    public async Task AnEmptyPulseUrlMakesNoCallAtAllAndReportsDisabled()
    {
        var registry = new ScriptedRegistry(TimeProvider.System);
        await using var app = BuildApp(registry, pulseUrl: "");
        await app.StartAsync(TestContext.Current.CancellationToken);

        var registration = app.Services.GetRequiredService<IPulseRegistration>();
        await Eventually.HoldsAsync(() => registration.State.Status == RegistrationStatus.Disabled);
        var health = await HealthAsync(app);
        await app.StopAsync(TestContext.Current.CancellationToken);

        Assert.Empty(registry.Calls);
        Assert.Equal(HealthStatus.Healthy, health);
    }

    [Fact]
    public async Task RegistrationHappensAfterTheServerListensAndAdvertisesTheBoundAddress()
    {
        var registry = new ScriptedRegistry(TimeProvider.System);
        var listeningWhenCalled = false;
        WebApplication? running = null;
        registry.OnRegister = _ =>
        {
            using var client = new HttpClient();
            listeningWhenCalled = client.GetAsync(new Uri(BoundAddress(running!), "/alive")).Result.StatusCode == HttpStatusCode.OK;
            return ScriptedRegistry.Registered("svc-9");
        };
        await using var app = BuildApp(registry, pulseUrl: "http://registry.test");
        running = app;
        await app.StartAsync(TestContext.Current.CancellationToken);

        var registration = app.Services.GetRequiredService<IPulseRegistration>();
        await Eventually.HoldsAsync(() => registration.State == RegistrationState.Registered("svc-9"));

        var body = registry.Of("register").Single().Json;
        var bound = BoundAddress(app).ToString().TrimEnd('/');
        Assert.True(listeningWhenCalled);
        Assert.Equal(bound, body.GetProperty("api_url").GetString());
        Assert.Equal(bound + "/health", body.GetProperty("health_url").GetString());
        Assert.Equal("push", body.GetProperty("delivery_mode").GetString());
        Assert.Equal(HealthStatus.Healthy, await HealthAsync(app));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AGracefulShutdownLeavesTheRegistry()
    {
        var registry = new ScriptedRegistry(TimeProvider.System);
        await using var app = BuildApp(registry, pulseUrl: "http://registry.test");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var registration = app.Services.GetRequiredService<IPulseRegistration>();
        await Eventually.HoldsAsync(() => registration.State.Status == RegistrationStatus.Registered);

        await app.StopAsync(TestContext.Current.CancellationToken);

        var leave = Assert.Single(registry.Of("leave"));
        Assert.Equal("/api/v1/services/svc-1/leave", leave.Uri.AbsolutePath);
        Assert.Equal(HttpMethod.Post, leave.Method);
    }

    [Fact]
    public async Task AStandaloneServiceIsDegradedNeverUnhealthy()
    {
        var registry = new ScriptedRegistry(TimeProvider.System)
        {
            OnRegister = _ => ScriptedRegistry.Problem(HttpStatusCode.Unauthorized, "wrong key"),
        };
        await using var app = BuildApp(registry, pulseUrl: "http://registry.test");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var registration = app.Services.GetRequiredService<IPulseRegistration>();
        await Eventually.HoldsAsync(() => registration.State.Status == RegistrationStatus.Standalone);

        Assert.Equal(HealthStatus.Degraded, await HealthAsync(app));
        await app.StopAsync(TestContext.Current.CancellationToken);
        Assert.Empty(registry.Of("leave"));
    }

    [Fact]
    public async Task ABadSettingStopsTheServiceAtStartNamingTheSetting()
    {
        var registry = new ScriptedRegistry(TimeProvider.System);
        await using var app = BuildApp(registry, pulseUrl: "not a url");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Pulse:Url", error.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Calls);
    }

    private static WebApplication BuildApp(ScriptedRegistry registry, string pulseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Pulse:Url"] = pulseUrl;
        builder.Configuration["Pulse:ApiKey"] = "registry-key";
        builder.Services.AddHealthChecks();
        builder.AddPulseRegistration(options =>
        {
            options.ServiceName = "svc";
            options.ServiceType = "test";
        });
        builder.Services.AddHttpClient(PulseRegistryClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => registry);
        var app = builder.Build();
        app.MapGet("/alive", () => "ok");
        return app;
    }

    private static Uri BoundAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    private static async Task<HealthStatus> HealthAsync(WebApplication app) =>
        (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken)).Status;
}
