using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests.Kubernetes;

/// <summary>
/// Whether the manifests run the AppHost's graph, each failure a sentence: one Deployment and one Service per project, on
/// its port, probed on its health path and on <c>/alive</c>, with every environment variable the AppHost passes it taken
/// from the same place (a key from the Secret key named after its parameter, a connection string from the one named after
/// its resource, another project's URL as that project's Service), the registry replicated with an instance name per pod,
/// and each pod locked down (non-root, read-only root, resources).
/// </summary>
internal static partial class ManifestGraphChecks
{
    public const string LivenessPath = "/alive";

    /// <summary>The image each project is built into (docs/deployment.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> Images = new Dictionary<string, string>
    {
        ["Pulse.Registry"] = "pulse-registry",
        ["Haul.Sample"] = "pulse-haul",
        ["Pilot.Sample"] = "pulse-pilot",
    };

    /// <summary>What the AppHost passes that a cluster leaves to the platform, and why.</summary>
    private static readonly IReadOnlyDictionary<string, string> LeftOut = new Dictionary<string, string>
    {
        // The process listens on the container port instead: ASPNETCORE_HTTP_PORTS, checked below.
        ["ASPNETCORE_URLS"] = "a private port behind the AppHost's proxy",
    };

    /// <summary>What the manifests add to the AppHost's environment.</summary>
    private static readonly HashSet<string> Added =
        ["ASPNETCORE_HTTP_PORTS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "Registry__InstanceName"];

    public static IReadOnlyList<string> Problems(KubernetesManifests manifests, IReadOnlyList<GraphProject> projects)
    {
        var problems = new List<string>();
        foreach (var extra in manifests.OfKind("Deployment").Where(d => projects.All(p => p.Name != d.Name)))
        {
            problems.Add($"{extra}: the AppHost has no project of that name");
        }

        foreach (var project in projects)
        {
            CheckProject(manifests, project, projects, problems);
        }

        return problems;
    }

    private static void CheckProject(KubernetesManifests manifests, GraphProject project, IReadOnlyList<GraphProject> projects, List<string> problems)
    {
        var deployment = manifests.Find("Deployment", project.Name);
        var service = manifests.Find("Service", project.Name);
        if (deployment is null || service is null || ManifestStructureChecks.Containers(deployment) is not [var container])
        {
            problems.Add($"{project.Name}: needs one Deployment with one container and one Service of that name");
            return;
        }

        var port = project.Port.ToString(CultureInfo.InvariantCulture);
        var portName = container.Items("ports").FirstOrDefault(p => p.Text("containerPort") == port)?.Text("name");
        if (portName is null)
        {
            problems.Add($"{project.Name}: the container does not declare port {port}, the AppHost's");
        }

        if (!service.Root.Items("spec", "ports").Any(p => p.Text("port") == port && (p.Text("targetPort") ?? port) is var target && (target == port || target == portName)))
        {
            problems.Add($"{project.Name}: the Service does not answer on port {port}, the AppHost's, nor send it to the container's");
        }

        if (Images.TryGetValue(project.ProjectFile, out var image) && container.Text("image")?.Split(':')[0] != image)
        {
            problems.Add($"{project.Name}: runs the image {container.Text("image")}, not {image} (built from {project.ProjectFile})");
        }

        CheckProbe(project, container, "readinessProbe", project.HealthPath ?? "(the AppHost checks no path)", portName, problems);
        CheckProbe(project, container, "livenessProbe", LivenessPath, portName, problems);
        if (container.At("startupProbe") is not null)
        {
            CheckProbe(project, container, "startupProbe", LivenessPath, portName, problems);
        }

        var env = container.Items("env").GroupBy(variable => variable.Text("name") ?? "").ToDictionary(group => group.Key, group => group.ToList());
        foreach (var duplicate in env.Where(pair => pair.Value.Count > 1))
        {
            problems.Add($"{project.Name}: sets {duplicate.Key} {duplicate.Value.Count} times");
        }

        Expect(project, env, "ASPNETCORE_HTTP_PORTS", port, "the port the AppHost's endpoint has", problems);
        foreach (var (name, expected) in project.Environment.Where(pair => !IsLeftOut(pair.Key)))
        {
            if (Mismatch(expected, env.GetValueOrDefault(name)?[0], deployment, container, projects) is { } mismatch)
            {
                problems.Add($"{project.Name}: {name} {mismatch} (the AppHost passes {expected})");
            }
        }

        foreach (var name in env.Keys.Where(name => !project.Environment.ContainsKey(name) && !Added.Contains(name)))
        {
            problems.Add($"{project.Name}: sets {name}, which the AppHost does not pass");
        }

        CheckReplicas(manifests, project, deployment, env, problems);
        CheckLockedDown(project, deployment, container, problems);
    }

    private static bool IsLeftOut(string name) =>
        // OTEL_*: the Aspire dashboard's telemetry settings; a cluster's come from the optional pulse-telemetry ConfigMap.
        // <NAME>_HTTP: Aspire's endpoint variables for other languages; .NET reads services__<name>__http__0.
        LeftOut.ContainsKey(name) || name.StartsWith("OTEL_", StringComparison.Ordinal) || AspireEndpointVariable().IsMatch(name);

    private static void CheckProbe(GraphProject project, YamlMappingNode container, string probe, string path, string? portName, List<string> problems)
    {
        var get = container.At(probe, "httpGet");
        if (get.Text("path") != path || (get.Text("port") is var port && port != portName && port != project.Port.ToString(CultureInfo.InvariantCulture)))
        {
            problems.Add($"{project.Name}: the {probe} must GET {path} on port {project.Port}; it asks {get.Text("path") ?? "nothing"} on {get.Text("port")}");
        }
    }

    private static void Expect(GraphProject project, Dictionary<string, List<YamlMappingNode>> env, string name, string value, string why, List<string> problems)
    {
        if (env.GetValueOrDefault(name)?[0].Text("value") != value)
        {
            problems.Add($"{project.Name}: {name} must be {value}, {why}");
        }
    }

    // Null when the manifest's variable takes its value from where the AppHost's does.
    private static string? Mismatch(
        string expected, YamlMappingNode? variable, ManifestDocument deployment, YamlMappingNode container, IReadOnlyList<GraphProject> projects)
    {
        if (variable is null)
        {
            return "is missing";
        }

        if (SecretExpression().Match(expected) is { Success: true } secret)
        {
            var key = secret.Groups["resource"].Value;
            return variable.Text("valueFrom", "secretKeyRef", "key") == key ? null : $"must come from the Secret key {key}";
        }

        if (UrlExpression().Match(expected) is { Success: true } url)
        {
            var target = projects.SingleOrDefault(p => p.Name == url.Groups["resource"].Value);
            var address = target is null ? null : $"{target.Scheme}://{target.Name}:{target.Port}";
            return address is not null && variable.Text("value") == address ? null : $"must be {address ?? "a project's URL"}, its Service's address";
        }

        if (expected.Contains('{', StringComparison.Ordinal))
        {
            return "is an expression this test does not know how to map: teach ManifestGraphChecks";
        }

        if (Path.IsPathRooted(expected))
        {
            // A data folder: a claim mounted there, so the generated key outlives the pod.
            var volume = container.Items("volumeMounts").FirstOrDefault(mount => mount.Text("mountPath") == variable.Text("value"))?.Text("name");
            var claimed = deployment.Root.Items("spec", "template", "spec", "volumes")
                .Any(v => v.Text("name") == volume && v.At("persistentVolumeClaim") is not null);
            return claimed ? null : "must be the path a PersistentVolumeClaim is mounted at";
        }

        return variable.Text("value") == expected ? null : $"is {variable.Text("value") ?? "not a literal"}";
    }

    private static void CheckReplicas(
        KubernetesManifests manifests, GraphProject project, ManifestDocument deployment, Dictionary<string, List<YamlMappingNode>> env, List<string> problems)
    {
        var replicas = deployment.Root.Number("spec", "replicas") ?? 1;
        if (project.Name != Registry)
        {
            if (replicas != 1)
            {
                problems.Add($"{project.Name}: runs {replicas} replicas; it keeps state of its own and runs as one");
            }

            return;
        }

        if (replicas < 2)
        {
            problems.Add($"{project.Name}: runs {replicas} replica; the registry runs as several");
        }

        if (!manifests.OfKind("PodDisruptionBudget").Any(budget => ManifestStructureChecks.Selected(manifests, budget.Root.Labels("spec", "selector", "matchLabels")).Contains(deployment)))
        {
            problems.Add($"{project.Name}: no PodDisruptionBudget keeps its replicas through a node drain");
        }

        // Each replica its own consumer group in Redis: the pod's name.
        if (env.GetValueOrDefault("Registry__InstanceName")?[0].Text("valueFrom", "fieldRef", "fieldPath") != "metadata.name")
        {
            problems.Add($"{project.Name}: Registry__InstanceName must be the pod's name (fieldRef metadata.name), one per replica");
        }
    }

    private static void CheckLockedDown(GraphProject project, ManifestDocument deployment, YamlMappingNode container, List<string> problems)
    {
        var pod = deployment.Root.At("spec", "template", "spec");
        if ((container.Text("securityContext", "runAsNonRoot") ?? pod.Text("securityContext", "runAsNonRoot")) != "true")
        {
            problems.Add($"{project.Name}: does not run as non-root (runAsNonRoot)");
        }

        if (container.Text("securityContext", "readOnlyRootFilesystem") != "true" || container.Text("securityContext", "allowPrivilegeEscalation") != "false")
        {
            problems.Add($"{project.Name}: needs readOnlyRootFilesystem true and allowPrivilegeEscalation false");
        }

        if (!container.Items("volumeMounts").Any(mount => mount.Text("mountPath") == "/tmp"))
        {
            problems.Add($"{project.Name}: a read-only root needs a volume at /tmp (the runtime's diagnostics sockets)");
        }

        if (container.Text("resources", "requests", "cpu") is null || container.Text("resources", "requests", "memory") is null
            || container.Text("resources", "limits", "memory") is null)
        {
            problems.Add($"{project.Name}: needs CPU and memory requests and a memory limit");
        }
    }

    [GeneratedRegex(@"^\{(?<resource>[a-z0-9-]+)\.(value|connectionString)\}$")]
    private static partial Regex SecretExpression();

    [GeneratedRegex(@"^\{(?<resource>[a-z0-9-]+)\.bindings\.http\.url\}$")]
    private static partial Regex UrlExpression();

    [GeneratedRegex("^[A-Z0-9]+_HTTPS?$")]
    private static partial Regex AspireEndpointVariable();
}
