using YamlDotNet.RepresentationModel;

namespace Pulse.AppHost.Tests.Kubernetes;

/// <summary>Reads a parsed YAML tree by paths of keys: a missing key or a node of another shape is null, never an exception.</summary>
internal static class Yaml
{
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static int? Number(this YamlNode? node, params string[] path) =>
        int.TryParse(node.Text(path), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    public static IReadOnlyList<YamlMappingNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlMappingNode>()] : [];

    /// <summary>A mapping of strings (labels, selectors) as a dictionary; empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> Labels(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode map
            ? map.Children.Where(pair => pair.Key is YamlScalarNode && pair.Value is YamlScalarNode)
                .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => ((YamlScalarNode)pair.Value).Value ?? "")
            : new Dictionary<string, string>();

    /// <summary>Whether every label of <paramref name="selector"/> is among <paramref name="labels"/> with the same value.</summary>
    public static bool Selects(this IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
