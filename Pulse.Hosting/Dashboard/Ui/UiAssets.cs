using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Pulse.Hosting.Dashboard.Ui;

/// <summary>The dashboard's page, script and stylesheet, embedded in the assembly (no build step, nothing on disk).</summary>
internal sealed class UiAssets
{
    private readonly Dictionary<string, (byte[] Content, string ContentType)> _files = new(StringComparer.Ordinal);

    public UiAssets()
    {
        var assembly = typeof(UiAssets).Assembly;
        const string Prefix = "Pulse.Dashboard.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[Prefix.Length..];
            _files[name] = (copy.ToArray(), ContentType(name));
        }
    }

    public FileContentHttpResult File(string name)
    {
        var (content, contentType) = _files[name];
        return TypedResults.Bytes(content, contentType);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
