using Pulse.Hosting;
using Pulse.Hosting.ApplicationModel;
using Pulse.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

var apiKey = builder.AddParameter(PulseResources.PulseApiKey, secret: true);

var postgres = builder.AddPostgres(PulseResources.Postgres, builder.AddParameter(PulseResources.PostgresPassword, secret: true));
var registryDb = postgres.AddDatabase(PulseResources.RegistryDatabase);
var haulDb = postgres.AddDatabase(PulseResources.HaulDatabase);
var pilotDb = postgres.AddDatabase(PulseResources.PilotDatabase);
var prismDb = postgres.AddDatabase(PulseResources.PrismDatabase);

var redis = builder.AddRedis(PulseResources.Redis, builder.AddParameter(PulseResources.RedisPassword, secret: true));

var registry = builder.AddProject<Projects.Pulse_Registry>(PulseResources.Registry)
    .WithHttpEndpoint(port: 9696)
    .WithReference(registryDb).WaitFor(registryDb)
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Pulse__ApiKey", apiKey)
    .WithDataDirectory("Registry")
    .WithHttpHealthCheck("/health");

// The samples discover the registry but do not wait for it: they start and serve without it.
var haul = builder.AddProject<Projects.Haul_Sample>(PulseResources.Haul)
    .WithHttpEndpoint(port: 8484)
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

await builder.Build().RunAsync();

// pilot and prism run the same project, each with its own database (under Pilot's one connection name) and content.
void AddPilot(string name, int port, IResourceBuilder<PostgresDatabaseResource> database, string content) =>
    builder.AddProject<Projects.Pilot_Sample>(name)
        .WithHttpEndpoint(port)
        .WithReference(database, connectionName: PulseResources.PilotDatabase).WaitFor(database)
        .WithReference(registry)
        .WithEnvironment("Pulse__ApiKey", apiKey)
        .WithEnvironment("Pilot__Name", name)
        .WithEnvironment("Pilot__Content", content)
        .WithDataDirectory("Pilot")
        .WithHttpHealthCheck("/health");

/// <summary>The AppHost's entry point, public so that tests can start this same graph.</summary>
public partial class Program;
