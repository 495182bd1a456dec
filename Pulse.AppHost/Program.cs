using Pulse.AppHost;
using Pulse.Hosting.LocalServers;
using Pulse.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args).WithQuickTelemetryShutdown().WithQuickProjectStart().WithQuickOrchestratorStart();

// The operator's registry key, which may do everything, and one key per service, which may act only as that service.
var operatorKey = builder.AddGeneratedSecret(PulseResources.PulseApiKey);
var haulKey = builder.AddGeneratedSecret(PulseResources.ServiceKey(PulseResources.Haul));
var pilotKey = builder.AddGeneratedSecret(PulseResources.ServiceKey(PulseResources.Pilot));
var prismKey = builder.AddGeneratedSecret(PulseResources.ServiceKey(PulseResources.Prism));

// Aspire's PostgreSQL and Redis containers where a container engine answers, local executables where none does.
var postgres = builder.AddPostgresServer(PulseResources.Postgres, builder.AddGeneratedSecret(PulseResources.PostgresPassword));
var registryDb = postgres.AddPostgresDatabase(PulseResources.RegistryDatabase);
var haulDb = postgres.AddPostgresDatabase(PulseResources.HaulDatabase);
var pilotDb = postgres.AddPostgresDatabase(PulseResources.PilotDatabase);
var prismDb = postgres.AddPostgresDatabase(PulseResources.PrismDatabase);

var redis = builder.AddRedisServer(PulseResources.Redis, builder.AddGeneratedSecret(PulseResources.RedisPassword));

// --AppHost:RegistryReplicas=3 runs that many stateless registry instances over the shared PostgreSQL and Redis, behind port 9696.
var registry = builder.AddProject<Projects.Pulse_Registry>(PulseResources.Registry)
    .WithReplicas(builder.GetRegistryReplicas())
    .WithPublicHttpEndpoint(port: 9696)
    .WithReference(registryDb).WaitFor(registryDb)
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Pulse__ApiKey", operatorKey)
    .WithPrincipal(PulseResources.Haul, PulseResources.DownloadClientType, haulKey)
    .WithPrincipal(PulseResources.Pilot, PulseResources.MediaManagerType, pilotKey, consumer: true)
    .WithPrincipal(PulseResources.Prism, PulseResources.MediaManagerType, prismKey, consumer: true)
    .WithHttpHealthCheck("/health");

// The samples discover the registry but do not wait for it: they start and serve without it.
var haul = builder.AddProject<Projects.Haul_Sample>(PulseResources.Haul)
    .WithPublicHttpEndpoint(port: 8484)
    .WithReference(haulDb).WaitFor(haulDb)
    .WithReference(registry)
    .WithEnvironment("Pulse__ApiKey", haulKey)
    .WithDataDirectory("Haul")
    .WithHttpHealthCheck("/health");

// --AppHost:HaulDeliveryMode=poll runs Haul as if behind NAT: no reachable URL, grabs through the registry's relay.
if (builder.Configuration["AppHost:HaulDeliveryMode"] is { Length: > 0 } haulDeliveryMode)
{
    haul.WithEnvironment("Haul__DeliveryMode", haulDeliveryMode);
}

AddPilot(PulseResources.Pilot, port: 8383, pilotDb, pilotKey, content: "tv");
AddPilot(PulseResources.Prism, port: 8282, prismDb, prismKey, content: "movies");

builder.Build().Run();

// pilot and prism run the same project, each with its own database (under Pilot's one connection name) and content.
void AddPilot(
    string name, int port, IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ParameterResource> key, string content) =>
    builder.AddProject<Projects.Pilot_Sample>(name)
        .WithPublicHttpEndpoint(port)
        .WithReference(database, connectionName: PulseResources.PilotDatabase).WaitFor(database)
        .WithReference(registry)
        .WithEnvironment("Pulse__ApiKey", key)
        .WithEnvironment("Pilot__Name", name)
        .WithEnvironment("Pilot__Content", content)
        .WithDataDirectory("Pilot")
        .WithHttpHealthCheck("/health");
