using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests.Kubernetes;

/// <summary>
/// One project of the AppHost's graph as a deployment must reproduce it: its HTTP endpoint, the path of its health check,
/// and its environment as the AppHost writes it for a publisher: literals as they are, and references as expressions
/// (<c>{pulse-key-haul.value}</c>, <c>{registrydb.connectionString}</c>, <c>{registry.bindings.http.url}</c>).
/// </summary>
internal sealed record GraphProject(
    string Name, string ProjectFile, int Port, string Scheme, string? HealthPath, IReadOnlyDictionary<string, string> Environment);

/// <summary>The AppHost's graph (Pulse.AppHost/Program.cs), built and read without starting anything.</summary>
internal static partial class AppHostModel
{
    private static readonly Lazy<Task<IReadOnlyList<GraphProject>>> Projects = new(LoadAsync);

    public static Task<IReadOnlyList<GraphProject>> ProjectsAsync() => Projects.Value;

    private static async Task<IReadOnlyList<GraphProject>> LoadAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("pulse-test-model-");
        try
        {
            // Every secret is given, so the AppHost generates and keeps none in its user secrets.
            string[] args =
            [
                $"--AppHost:DataDir={dataDir.FullName}",
                "--AppHost:ContainerRuntime=none",
                .. ((string[])[PulseResources.PulseApiKey, .. PulseResources.Services.Select(PulseResources.ServiceKey),
                    PulseResources.PostgresPassword, PulseResources.RedisPassword]).Select(name => $"--Parameters:{name}=unused-{name}"),
            ];
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Pulse_AppHost>(args, timeout.Token);

            var projects = new List<GraphProject>();
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                var endpoint = project.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
                var environment = await PublishedEnvironmentAsync(project, timeout.Token);
                var health = project.Annotations.OfType<HealthCheckAnnotation>()
                    .Select(annotation => HttpHealthCheckPath().Match(annotation.Key))
                    .FirstOrDefault(match => match.Success)?.Groups["path"].Value;
                projects.Add(new GraphProject(
                    project.Name,
                    Path.GetFileNameWithoutExtension(project.GetProjectMetadata().ProjectPath),
                    endpoint.Port ?? throw new InvalidOperationException($"{project.Name}'s http endpoint has no fixed port."),
                    endpoint.UriScheme,
                    health,
                    environment));
            }

            return projects;
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    // As a publisher sees it, so a reference is its expression, not a value that only a running graph has.
    private static async Task<IReadOnlyDictionary<string, string>> PublishedEnvironmentAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(project).WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, cancellationToken);
        if (configuration.Exception is { } exception)
        {
            throw new InvalidOperationException($"{project.Name}'s environment could not be evaluated.", exception);
        }

        return configuration.EnvironmentVariables.ToDictionary(pair => pair.Key, pair => pair.Value);
    }

    // WithHttpHealthCheck names its check <resource>_<endpoint>_<path>_<status>_check.
    [GeneratedRegex("_(?<path>/[^_]*)_[0-9]+_check$")]
    private static partial Regex HttpHealthCheckPath();
}
