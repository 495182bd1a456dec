using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Registry.Changes;
using Pulse.Registry.DownloadClients;
using Pulse.Registry.Liveness;
using Pulse.Registry.Services;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>
/// A statement PostgreSQL refuses must leave its pooled connection in step with the server: the next request on that
/// connection works. (The fuzz harness found a plain registration answered 500, "Received unexpected backend message
/// DataRow", right after one that PostgreSQL had refused.)
/// </summary>
public sealed class PooledConnectionTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARegistrationPostgresRefusesLeavesItsConnectionFitForTheNextRegistration()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);

        // The registry's store on a data source built as the registry builds its own, with one connection, so that
        // every call below runs on that connection.
        var builder = new NpgsqlDataSourceBuilder(registry.DatabaseConnectionString);
        RegistryServiceExtensions.ConfigureDataSource(builder);
        builder.ConnectionStringBuilder.MaxPoolSize = 1;
        await using var dataSource = builder.Build();
        var store = new ServiceStore(
            new RegistryDatabase(dataSource, registry.Get<ChangeIndex>(), TimeProvider.System),
            registry.Get<DownloadClientSync>(), registry.Get<LeaseBook>(), registry.Get<LivenessView>(),
            registry.Get<Principals.ServiceOwners>(), registry.Get<IOptions<RegistryOptions>>());

        // The refused call comes after 0 to 8 good ones on a fresh connection: one of them is the call on which the
        // driver would prepare the registration's statements. The NUL is refused by PostgreSQL itself (the HTTP routes
        // reject it before; this is about any error PostgreSQL raises).
        var prefix = UniqueName("pool");
        for (var good = 0; good <= 8; good++)
        {
            dataSource.Clear();
            for (var i = 0; i < good; i++)
            {
                await store.RegisterAsync(Request($"{prefix}-{good}-{i}", "media-manager"), _ct);
            }

            var refused = await Assert.ThrowsAsync<PostgresException>(
                () => store.RegisterAsync(Request($"{prefix}-{good}-refused", "a\0b"), _ct));
            Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, refused.SqlState);

            var next = await Record.ExceptionAsync(() => store.RegisterAsync(Request($"{prefix}-{good}-next", "media-manager"), _ct));
            Assert.True(next is null, $"After {good} good registration(s) and a refused one, the next failed: {next}");
        }
    }

    private static RegisterServiceRequest Request(string name, string type) => new()
    {
        Name = name,
        Type = type,
        ApiUrl = "http://127.0.0.1:1/",
        HealthUrl = "http://127.0.0.1:1/health",
        ApiKey = "secret",
        Version = "1.0.0",
        Capabilities = ["supports_torrent"],
        Metadata = System.Text.Json.JsonDocument.Parse("""{"content":"tv"}""").RootElement,
    };
}
