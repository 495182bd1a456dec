using YamlDotNet.RepresentationModel;

namespace Pulse.AppHost.Tests.Kubernetes;

/// <summary>
/// Whether the manifests hang together as Kubernetes would need them to, each failure a sentence: every document names
/// its kind and itself, each Deployment's selector matches its pods, each Service and PodDisruptionBudget selects one
/// Deployment's pods and each Service port a container port of theirs, and every probe, volume, claim, Secret key and
/// ConfigMap a pod refers to exists.
/// </summary>
internal static class ManifestStructureChecks
{
    public static IReadOnlyList<string> Problems(KubernetesManifests manifests)
    {
        var problems = new List<string>(manifests.Problems);
        foreach (var document in manifests.Documents)
        {
            if (document.Root.Text("apiVersion") is null || document.Kind.Length == 0 || document.Name.Length == 0)
            {
                problems.Add($"{document}: a document without apiVersion, kind or metadata.name");
            }
        }

        foreach (var duplicate in manifests.Documents.GroupBy(document => (document.Kind, document.Name)).Where(group => group.Count() > 1))
        {
            problems.Add($"{duplicate.Key.Kind} {duplicate.Key.Name}: defined {duplicate.Count()} times");
        }

        foreach (var deployment in manifests.OfKind("Deployment"))
        {
            CheckDeployment(manifests, deployment, problems);
        }

        foreach (var service in manifests.OfKind("Service"))
        {
            CheckService(manifests, service, problems);
        }

        foreach (var budget in manifests.OfKind("PodDisruptionBudget"))
        {
            var selected = Selected(manifests, budget.Root.Labels("spec", "selector", "matchLabels"));
            if (selected.Count != 1)
            {
                problems.Add($"{budget}: selects {selected.Count} Deployments' pods, not one");
            }
            else if (budget.Root.Number("spec", "minAvailable") is { } minAvailable && minAvailable >= (selected[0].Root.Number("spec", "replicas") ?? 1))
            {
                problems.Add($"{budget}: minAvailable {minAvailable} leaves no pod of {selected[0].Name} to evict, so a node drain never ends");
            }
        }

        return problems;
    }

    /// <summary>The Deployments whose pods carry every label of <paramref name="selector"/>.</summary>
    public static IReadOnlyList<ManifestDocument> Selected(KubernetesManifests manifests, IReadOnlyDictionary<string, string> selector) =>
        [.. manifests.OfKind("Deployment").Where(deployment => selector.Selects(deployment.Root.Labels("spec", "template", "metadata", "labels")))];

    public static IReadOnlyList<YamlMappingNode> Containers(ManifestDocument deployment) =>
        deployment.Root.Items("spec", "template", "spec", "containers");

    private static void CheckDeployment(KubernetesManifests manifests, ManifestDocument deployment, List<string> problems)
    {
        if (!deployment.Root.Labels("spec", "selector", "matchLabels").Selects(deployment.Root.Labels("spec", "template", "metadata", "labels")))
        {
            problems.Add($"{deployment}: the Deployment's selector does not match its pod template's labels");
        }

        var pod = deployment.Root.At("spec", "template", "spec");
        var volumes = pod.Items("volumes").ToDictionary(volume => volume.Text("name") ?? "");
        foreach (var claim in volumes.Values.Select(volume => volume.Text("persistentVolumeClaim", "claimName")).OfType<string>())
        {
            if (manifests.Find("PersistentVolumeClaim", claim) is not { } pvc)
            {
                problems.Add($"{deployment}: mounts the claim {claim}, which no manifest defines");
            }
            else if (pvc.Root.At("spec", "accessModes") is YamlSequenceNode modes
                && modes.Children.OfType<YamlScalarNode>().Any(mode => mode.Value == "ReadWriteOnce")
                && deployment.Root.Text("spec", "strategy", "type") != "Recreate")
            {
                problems.Add($"{deployment}: a rolling update would start the new pod while the old one holds its ReadWriteOnce claim {claim}: use the Recreate strategy");
            }
        }

        foreach (var container in Containers(deployment))
        {
            var name = $"{deployment} container {container.Text("name")}";
            var ports = container.Items("ports");
            foreach (var probe in (string[])["startupProbe", "readinessProbe", "livenessProbe"])
            {
                if (container.Text(probe, "httpGet", "port") is { } port
                    && !ports.Any(p => p.Text("name") == port || p.Text("containerPort") == port))
                {
                    problems.Add($"{name}: its {probe} asks port {port}, which the container does not declare");
                }
            }

            foreach (var mount in container.Items("volumeMounts").Where(mount => !volumes.ContainsKey(mount.Text("name") ?? "")))
            {
                problems.Add($"{name}: mounts the volume {mount.Text("name")}, which the pod does not define");
            }

            foreach (var variable in container.Items("env"))
            {
                if (variable.At("valueFrom", "secretKeyRef") is { } secret)
                {
                    CheckSecretKey($"{name} {variable.Text("name")}", secret.Text("name"), secret.Text("key"), manifests, problems);
                }

                if (variable.At("valueFrom", "configMapKeyRef") is { } map && !manifests.ConfigMaps.Contains(map.Text("name") ?? ""))
                {
                    problems.Add($"{name} {variable.Text("name")}: names the ConfigMap {map.Text("name")}, which the kustomization does not generate");
                }
            }

            foreach (var source in container.Items("envFrom"))
            {
                if (source.Text("configMapRef", "name") is { } map && !manifests.ConfigMaps.Contains(map))
                {
                    problems.Add($"{name}: takes its environment from the ConfigMap {map}, which the kustomization does not generate");
                }

                if (source.Text("secretRef", "name") is { } secret && !manifests.SecretKeys.ContainsKey(secret))
                {
                    problems.Add($"{name}: takes its environment from the Secret {secret}, which the kustomization does not generate");
                }
            }
        }
    }

    private static void CheckSecretKey(string what, string? secret, string? key, KubernetesManifests manifests, List<string> problems)
    {
        if (!manifests.SecretKeys.TryGetValue(secret ?? "", out var keys))
        {
            problems.Add($"{what}: names the Secret {secret}, which the kustomization does not generate");
        }
        else if (!keys.Contains(key ?? ""))
        {
            problems.Add($"{what}: names the key {key} of the Secret {secret}, which its example does not define");
        }
    }

    private static void CheckService(KubernetesManifests manifests, ManifestDocument service, List<string> problems)
    {
        var selected = Selected(manifests, service.Root.Labels("spec", "selector"));
        if (selected.Count != 1)
        {
            problems.Add($"{service}: selects the pods of {selected.Count} Deployments, not one");
            return;
        }

        var ports = Containers(selected[0]).SelectMany(container => container.Items("ports")).ToList();
        foreach (var port in service.Root.Items("spec", "ports"))
        {
            var target = port.Text("targetPort") ?? port.Text("port");
            if (!ports.Any(p => p.Text("name") == target || p.Text("containerPort") == target))
            {
                problems.Add($"{service}: port {port.Text("port")} targets {target}, which no container of {selected[0].Name} declares");
            }
        }
    }
}
