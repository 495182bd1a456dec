using Pulse.AppHost;
using Pulse.Hosting.LocalServers;
using Pulse.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args).WithQuickTelemetryShutdown().WithQuickProjectStart().WithQuickOrchestratorStart();

var apiKey = builder.AddGeneratedSecret(PulseResources.PulseApiKey);

// Aspire's PostgreSQL and Redis containers where a container engine answers, local executables where none does.
var postgres = builder.AddPostgresServer(PulseResources.Postgres, builder.AddGeneratedSecret(PulseResources.PostgresPassword));
var registryDb = postgres.AddPostgresDatabase(PulseResources.RegistryDatabase);
var haulDb = postgres.AddPostgresDatabase(PulseResources.HaulDatabase);
var pilotDb = postgres.AddPostgresDatabase(PulseResources.PilotDatabase);
var prismDb = postgres.AddPostgresDatabase(PulseResources.PrismDatabase);

var redis = builder.AddRedisServer(PulseResources.Redis, builder.AddGeneratedSecret(PulseResources.RedisPassword));

var registry = builder.AddProject<Projects.Pulse_Registry>(PulseResources.Registry)
    .WithPublicHttpEndpoint(port: 9696)
    .WithReference(registryDb).WaitFor(registryDb)
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Pulse__ApiKey", apiKey)
    .WithDataDirectory("Registry")
    .WithHttpHealthCheck("/health");

// The samples discover the registry but do not wait for it: they start and serve without it.
var haul = builder.AddProject<Projects.Haul_Sample>(PulseResources.Haul)
    .WithPublicHttpEndpoint(port: 8484)
    .WithReference(haulDb).WaitFor(haulDb)
    .WithReference(registry)
    .WithEnvironment("Pulse__ApiKey", apiKey)
    .WithDataDirectory("Haul")
    .WithHttpHealthCheck("/health");

// --AppHost:HaulDeliveryMode=poll runs Haul as if behind NAT: no reachable URL, grabs through the registry's relay.
if (builder.Configuration["AppHost:HaulDeliveryMode"] is { Length: > 0 } haulDeliveryMode)
{
    haul.WithEnvironment("Haul__DeliveryMode", haulDeliveryMode);
}

AddPilot(PulseResources.Pilot, port: 8383, pilotDb, content: "tv");
AddPilot(PulseResources.Prism, port: 8282, prismDb, content: "movies");

builder.Build().Run();

// pilot and prism run the same project, each with its own database (under Pilot's one connection name) and content.
void AddPilot(string name, int port, IResourceBuilder<IResourceWithConnectionString> database, string content) =>
    builder.AddProject<Projects.Pilot_Sample>(name)
        .WithPublicHttpEndpoint(port)
        .WithReference(database, connectionName: PulseResources.PilotDatabase).WaitFor(database)
        .WithReference(registry)
        .WithEnvironment("Pulse__ApiKey", apiKey)
        .WithEnvironment("Pilot__Name", name)
        .WithEnvironment("Pilot__Content", content)
        .WithDataDirectory("Pilot")
        .WithHttpHealthCheck("/health");
