using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.ApplicationModel;

/// <summary>A .NET project of the graph, run from its build output with Aspire's environment contract.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project)
    : ExecutableResource(name, new ResourceEndpoint("http", "http", desiredPort: null))
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <inheritdoc />
    public override string Kind => "Project";

    /// <summary>The project's location and build output.</summary>
    public IProjectMetadata Project { get; } = project;

    /// <summary>The variables the graph sets for this project (references, parameters, <c>WithEnvironment</c>).</summary>
    public IDictionary<string, EnvironmentValue> Environment { get; } = new Dictionary<string, EnvironmentValue>();

    /// <summary>The path that must answer <c>200</c> for the project to count as ready and healthy (for example <c>/health</c>).</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>
    /// Every variable the project gets: ASP.NET Core's, OpenTelemetry's (pointing at the dashboard), then the graph's.
    /// </summary>
    internal IReadOnlyList<KeyValuePair<string, EnvironmentValue>> EnvironmentContract(HostContext context)
    {
        var contract = new Dictionary<string, EnvironmentValue>
        {
            ["ASPNETCORE_URLS"] = EnvironmentValue.Of(Endpoint.Url.ToString().TrimEnd('/')),
            ["ASPNETCORE_ENVIRONMENT"] = EnvironmentValue.Of(context.EnvironmentName),
            ["DOTNET_ENVIRONMENT"] = EnvironmentValue.Of(context.EnvironmentName),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = EnvironmentValue.Of(context.OtlpEndpoint.ToString().TrimEnd('/')),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = EnvironmentValue.Of("http/protobuf"),
            ["OTEL_EXPORTER_OTLP_HEADERS"] = new(() => "x-otlp-api-key=" + context.OtlpApiKey, IsSecret: true),
            ["OTEL_SERVICE_NAME"] = EnvironmentValue.Of(Name),
            ["OTEL_RESOURCE_ATTRIBUTES"] = EnvironmentValue.Of($"service.instance.id={Name}-{Guid.NewGuid().ToString("N")[..8]}"),
        };

        if (context.IsDevelopment)
        {
            contract["OTEL_BSP_SCHEDULE_DELAY"] = EnvironmentValue.Of("1000");
            contract["OTEL_BLRP_SCHEDULE_DELAY"] = EnvironmentValue.Of("1000");
            contract["OTEL_METRIC_EXPORT_INTERVAL"] = EnvironmentValue.Of("1000");
            contract["OTEL_TRACES_SAMPLER"] = EnvironmentValue.Of("always_on");
        }

        foreach (var (key, value) in Environment)
        {
            contract[key] = value;
        }

        return [.. contract];
    }

    internal override Task<LaunchSpec> PrepareAsync(HostContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(Project.TargetPath))
        {
            throw new ResourceStartException(
                $"'{Name}' has no build output at {Project.TargetPath} — build it with `dotnet build` " +
                "(dotnet run --project on the AppHost builds the whole graph).");
        }

        var environment = EnvironmentContract(context).ToDictionary(pair => pair.Key, pair => pair.Value.Resolve());
        return Task.FromResult(new LaunchSpec(
            "dotnet",
            [Project.TargetPath],
            Path.GetDirectoryName(Project.ProjectPath)!,
            environment));
    }

    internal override async Task<bool> ProbeAsync(HostContext context, CancellationToken cancellationToken)
    {
        if (HealthCheckPath is null)
        {
            return await TcpProbe.AcceptsAsync(Endpoint.Port, cancellationToken);
        }

        try
        {
            using var response = await Probe.GetAsync(new Uri(Endpoint.Url, HealthCheckPath), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the probe's own timeout
        }
    }
}
