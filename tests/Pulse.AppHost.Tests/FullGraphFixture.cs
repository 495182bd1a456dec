using Pulse.Hosting;
using Pulse.Hosting.Testing;

namespace Pulse.AppHost.Tests;

/// <summary>The whole graph of Pulse.AppHost/Program.cs, started once for the tests that share it.</summary>
public sealed class FullGraphFixture : IAsyncLifetime
{
    public const string ApiKey = "test-pulse-api-key-0123456789abcdef";

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph has not started.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>([$"--Parameters:pulse-api-key={ApiKey}"], ct);
        _app = builder.Build();
        await _app.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FullGraphCollection : ICollectionFixture<FullGraphFixture>
{
    public const string Name = "full graph";
}
