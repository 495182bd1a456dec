using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pulse.AppHost.Tests.Kubernetes;

/// <summary>One document of a manifest file.</summary>
internal sealed record ManifestDocument(string File, YamlMappingNode Root)
{
    public string Kind => Root.Text("kind") ?? "";

    public string Name => Root.Text("metadata", "name") ?? "";

    public override string ToString() => $"{Kind} {Name} ({File})";
}

/// <summary>
/// The kustomization in a folder (<c>deploy/kubernetes</c>) as <c>kubectl apply -k</c> would read it: every resource file
/// it lists, parsed; the Secrets it generates with the keys their <c>.example</c> files define (the operator's filled-in
/// files are never committed); the ConfigMaps it generates. What cannot be read is a problem, not an exception.
/// </summary>
internal sealed class KubernetesManifests
{
    public const string ExampleSuffix = ".example";

    private KubernetesManifests(
        string folder, IReadOnlyList<ManifestDocument> documents, IReadOnlyDictionary<string, IReadOnlySet<string>> secretKeys,
        IReadOnlySet<string> configMaps, IReadOnlyList<string> problems)
    {
        Folder = folder;
        Documents = documents;
        SecretKeys = secretKeys;
        ConfigMaps = configMaps;
        Problems = problems;
    }

    public string Folder { get; }

    public IReadOnlyList<ManifestDocument> Documents { get; }

    /// <summary>Each generated Secret's name, with the keys its example file defines.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> SecretKeys { get; }

    public IReadOnlySet<string> ConfigMaps { get; }

    /// <summary>What could not be read: a file that does not parse, a resource or an example that is missing.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The repository's <c>deploy/kubernetes</c>, found above the test's output folder.</summary>
    public static string RepositoryFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "deploy", "kubernetes");
            if (File.Exists(Path.Combine(candidate, "kustomization.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No deploy/kubernetes/kustomization.yaml above {AppContext.BaseDirectory}.");
    }

    public IEnumerable<ManifestDocument> OfKind(string kind) => Documents.Where(document => document.Kind == kind);

    public ManifestDocument? Find(string kind, string name) => OfKind(kind).SingleOrDefault(document => document.Name == name);

    public static KubernetesManifests Load(string folder)
    {
        var problems = new List<string>();
        var kustomization = Parse(folder, "kustomization.yaml", problems).SingleOrDefault();
        if (kustomization is null)
        {
            problems.Add("kustomization.yaml: no document");
            return new KubernetesManifests(folder, [], new Dictionary<string, IReadOnlySet<string>>(), new HashSet<string>(), problems);
        }

        var documents = new List<ManifestDocument>();
        var listed = (kustomization.At("resources") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(node => node.Value ?? "").ToList() ?? [];
        foreach (var file in listed)
        {
            documents.AddRange(Parse(folder, file, problems).Select(root => new ManifestDocument(file, root)));
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Select(Path.GetFileName).Where(file => file != "kustomization.yaml"))
        {
            if (!listed.Contains(file!))
            {
                problems.Add($"{file}: not listed in the kustomization's resources, so kubectl apply -k leaves it out");
            }
        }

        var secretKeys = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var generator in kustomization.Items("secretGenerator"))
        {
            secretKeys[generator.Text("name") ?? ""] = GeneratedKeys(folder, generator, example: true, problems);
        }

        var configMaps = new HashSet<string>();
        foreach (var generator in kustomization.Items("configMapGenerator"))
        {
            GeneratedKeys(folder, generator, example: false, problems);
            configMaps.Add(generator.Text("name") ?? "");
        }

        return new KubernetesManifests(folder, documents, secretKeys, configMaps, problems);
    }

    private static List<YamlMappingNode> Parse(string folder, string file, List<string> problems)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            problems.Add($"{file}: listed but missing");
            return [];
        }

        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(File.ReadAllText(path));
            stream.Load(reader);
            var documents = new List<YamlMappingNode>();
            foreach (var (document, index) in stream.Documents.Select((document, index) => (document, index)))
            {
                if (document.RootNode is YamlMappingNode root)
                {
                    documents.Add(root);
                }
                else
                {
                    problems.Add($"{file}: document {index + 1} is not a mapping");
                }
            }

            return documents;
        }
        catch (YamlException exception)
        {
            problems.Add($"{file}: does not parse ({exception.Start}: {exception.Message})");
            return [];
        }
    }

    // A generator's keys: from its env files (a Secret's from the .example beside each, which the operator copies and
    // fills in) and its literals.
    private static HashSet<string> GeneratedKeys(string folder, YamlMappingNode generator, bool example, List<string> problems)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var envFile in (generator.At("envs") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>() ?? [])
        {
            var file = envFile.Value + (example ? ExampleSuffix : "");
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                problems.Add($"{file}: the generator {generator.Text("name")} reads it, and it is missing");
                continue;
            }

            foreach (var line in File.ReadLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    problems.Add($"{file}: '{line}' is not name=value");
                    continue;
                }

                keys.Add(line[..equals]);
                if (example && !System.Text.RegularExpressions.Regex.IsMatch(line[(equals + 1)..], "<[^<>]+>"))
                {
                    problems.Add($"{file}: {line[..equals]} holds a value, not a <placeholder>: an example never holds a real secret");
                }
            }
        }

        foreach (var literal in (generator.At("literals") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>() ?? [])
        {
            keys.Add(literal.Value?.Split('=', 2)[0] ?? "");
        }

        return keys;
    }
}
