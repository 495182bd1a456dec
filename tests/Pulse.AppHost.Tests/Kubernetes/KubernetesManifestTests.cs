using System.Diagnostics;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes checked offline, since no cluster can be reached here: every manifest parses and hangs together,
/// and runs the AppHost's own graph (built, never started). Each check is shown to fail on a manifest broken on purpose.
/// </summary>
public sealed class KubernetesManifestTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public void EveryManifestParsesAndHangsTogether()
    {
        var manifests = KubernetesManifests.Load(KubernetesManifests.RepositoryFolder());

        Assert.Empty(ManifestStructureChecks.Problems(manifests));
        Assert.Equal([Haul, Pilot, Prism, Registry], manifests.OfKind("Deployment").Select(d => d.Name).Order());
        Assert.Equal([Haul, Pilot, Prism, Registry], manifests.OfKind("Service").Select(d => d.Name).Order());
    }

    [Fact]
    public async Task TheManifestsRunTheAppHostsGraph()
    {
        var projects = await AppHostModel.ProjectsAsync();

        // The model is the graph, not an empty one that any manifest would match.
        Assert.Equal(
            [(Haul, 8484), (Pilot, 8383), (Prism, 8282), (Registry, 9696)],
            projects.Select(p => (p.Name, p.Port)).Order());
        var registry = projects.Single(p => p.Name == Registry);
        Assert.All(Services, service => Assert.Equal($"{{{ServiceKey(service)}.value}}", registry.Environment[$"Registry__Principals__{service}__Key"]));
        Assert.All(projects, project => Assert.Equal("/health", project.HealthPath));

        Assert.Empty(ManifestGraphChecks.Problems(KubernetesManifests.Load(KubernetesManifests.RepositoryFolder()), projects));
    }

    public static TheoryData<string, string, string, string> BrokenManifests => new()
    {
        // file, text, replaced by, the problem reported
        {
            "registry.yaml",
            "            - name: Registry__Principals__prism__Key\n              valueFrom:\n                secretKeyRef:\n                  name: pulse-keys\n                  key: pulse-key-prism\n",
            "",
            "registry: Registry__Principals__prism__Key is missing"
        },
        { "registry.yaml", "name: Registry__Principals__haul__ServiceType", "name: Registry__Principal__haul__ServiceType", "registry: sets Registry__Principal__haul__ServiceType, which the AppHost does not pass" },
        { "registry.yaml", "              path: /health\n", "              path: /healthz\n", "registry: the readinessProbe must GET /health" },
        { "prism.yaml", "          livenessProbe:\n            httpGet:\n              path: /alive\n", "          livenessProbe:\n            httpGet:\n              path: /health\n", "prism: the livenessProbe must GET /alive" },
        { "registry.yaml", "      port: 9696\n", "      port: 9697\n", "registry: the Service does not answer on port 9696" },
        { "haul.yaml", "containerPort: 8484", "containerPort: 8485", "haul: the container does not declare port 8484" },
        { "haul.yaml", "key: pulse-key-haul", "key: pulse-key-pilot", "haul: Pulse__ApiKey must come from the Secret key pulse-key-haul" },
        { "haul.yaml", "value: http://haul:8484", "value: http://localhost:8484", "haul: Pulse__ApiUrl must be http://haul:8484" },
        { "pilot.yaml", "value: http://registry:9696", "value: http://registry", "pilot: services__registry__http__0 must be http://registry:9696" },
        { "prism.yaml", "key: prismdb", "key: pilotdb", "prism: ConnectionStrings__pilotdb must come from the Secret key prismdb" },
        { "prism.yaml", "value: movies", "value: tv", "prism: Pilot__Content is tv" },
        { "pilot.yaml", "value: /var/lib/pulse/pilot\n", "value: /var/lib/pilot\n", "pilot: Pilot__DataDir must be the path a PersistentVolumeClaim is mounted at" },
        { "registry.yaml", "fieldPath: metadata.name", "fieldPath: spec.nodeName", "registry: Registry__InstanceName must be the pod's name" },
        { "registry.yaml", "  replicas: 3\n", "  replicas: 1\n", "registry: runs 1 replica" },
        { "registry.yaml", "  minAvailable: 2\n", "  minAvailable: 3\n", "minAvailable 3 leaves no pod of registry to evict" },
        { "haul.yaml", "  replicas: 1\n", "  replicas: 2\n", "haul: runs 2 replicas" },
        { "haul.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "haul: needs readOnlyRootFilesystem true" },
        { "pilot.yaml", "    matchLabels:\n      app.kubernetes.io/name: pilot\n", "    matchLabels:\n      app.kubernetes.io/name: pilots\n", "Deployment pilot (pilot.yaml): the Deployment's selector does not match" },
        { "haul.yaml", "  selector:\n    app.kubernetes.io/name: haul\n", "  selector:\n    app.kubernetes.io/name: hauls\n", "Service haul (haul.yaml): selects the pods of 0 Deployments" },
        { "prism.yaml", "claimName: prism-data", "claimName: prism-state", "mounts the claim prism-state, which no manifest defines" },
        { "haul.yaml", "            - name: tmp\n              mountPath: /tmp\n", "            - name: scratch\n              mountPath: /tmp\n", "mounts the volume scratch, which the pod does not define" },
        { "haul.yaml", "name: pulse-telemetry", "name: pulse-otel", "takes its environment from the ConfigMap pulse-otel, which the kustomization does not generate" },
        { "haul.yaml", "    type: Recreate\n", "    type: RollingUpdate\n", "use the Recreate strategy" },
        { "secrets/keys.env.example", "pulse-key-prism=<prism's key>\n", "", "names the key pulse-key-prism of the Secret pulse-keys, which its example does not define" },
        { "secrets/keys.env.example", "pulse-api-key=<operator key>", "pulse-api-key=0123456789abcdef0123", "pulse-api-key holds a value, not a <placeholder>" },
        { "haul.yaml", "image: pulse-haul:latest", "image: pulse-pilot:latest", "haul: runs the image pulse-pilot:latest, not pulse-haul" },
        { "kustomization.yaml", "  - prism.yaml\n", "", "prism.yaml: not listed in the kustomization's resources" },
        { "pilot.yaml", "      containers:\n", "      containers:\n    - broken: [\n", "pilot.yaml: does not parse" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public async Task AManifestThatStraysFromTheGraphIsCaught(string file, string text, string replacement, string problem)
    {
        var projects = await AppHostModel.ProjectsAsync();
        var folder = CopyOfManifests();
        try
        {
            var path = Path.Combine(folder, file);
            var original = await File.ReadAllTextAsync(path, _ct);
            Assert.Equal(1, Occurrences(original, text));
            await File.WriteAllTextAsync(path, original.Replace(text, replacement, StringComparison.Ordinal), _ct);

            var manifests = KubernetesManifests.Load(folder);
            var problems = ManifestStructureChecks.Problems(manifests).Concat(ManifestGraphChecks.Problems(manifests, projects)).ToList();
            Assert.Contains(problems, reported => reported.Contains(problem, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task KustomizeRendersTheStackFromTheSecretExamples()
    {
        if (FindOnPath("kubectl") is not { } kubectl)
        {
            Assert.Skip("kubectl is not installed: kustomize cannot render the manifests here.");
            return;
        }

        var folder = CopyOfManifests();
        try
        {
            foreach (var example in Directory.EnumerateFiles(Path.Combine(folder, "secrets"), "*" + KubernetesManifests.ExampleSuffix))
            {
                File.Copy(example, example[..^KubernetesManifests.ExampleSuffix.Length], overwrite: true);
            }

            var rendered = Path.Combine(folder, "rendered");
            Directory.CreateDirectory(rendered);
            var output = await RunAsync(kubectl, ["kustomize", folder], _ct);
            await File.WriteAllTextAsync(Path.Combine(rendered, "all.yaml"), output, _ct);
            await File.WriteAllTextAsync(Path.Combine(rendered, "kustomization.yaml"), "resources:\n  - all.yaml\n", _ct);

            // Kustomize names each generated Secret with a hash of its content and rewrites every reference to it.
            var manifests = KubernetesManifests.Load(rendered);
            Assert.Empty(manifests.Problems);
            var secrets = manifests.OfKind("Secret").ToList();
            Assert.Equal(2, secrets.Count);
            Assert.All(secrets, secret => Assert.Matches("^pulse-(keys|connections)-[a-z0-9]{10}$", secret.Name));
            var references = manifests.OfKind("Deployment").SelectMany(ManifestStructureChecks.Containers)
                .SelectMany(container => container.Items("env")).Select(variable => variable.At("valueFrom", "secretKeyRef")).OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()
                .ToList();
            Assert.Equal(12, references.Count);
            Assert.All(references, reference => Assert.NotNull(secrets.Single(secret => secret.Name == reference.Text("name")).Root.At("data", reference.Text("key")!)));
            Assert.Equal(4, manifests.OfKind("Deployment").Count());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string CopyOfManifests()
    {
        var source = KubernetesManifests.RepositoryFolder();
        var copy = Directory.CreateTempSubdirectory("pulse-test-k8s-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            // The operator's own filled-in secrets, if any, stay where they are.
            if (relative.StartsWith("secrets" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !relative.EndsWith(KubernetesManifests.ExampleSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
            File.Copy(file, Path.Combine(copy, relative));
        }

        return copy;
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    private static async Task<string> RunAsync(string program, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
