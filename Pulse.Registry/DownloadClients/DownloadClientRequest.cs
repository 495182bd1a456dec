using System.Text.Json;
using Pulse.Registry.Api;

namespace Pulse.Registry.DownloadClients;

/// <summary>The body of a manual download-client entry (Beacon-compatible fields).</summary>
internal sealed record DownloadClientRequest(
    string Name,
    string Kind,
    string? Protocol,
    bool? Enabled,
    int? Priority,
    string Host,
    int Port,
    bool? UseSsl,
    string? Username,
    string? Password,
    string? Category,
    string? Directory,
    string? Settings)
{
    public static DownloadClientRequest? Parse(JsonElement body, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFields(body);
        var name = fields.String("name", 200, required: true);
        var kind = fields.String("kind", 50, required: true);
        var protocol = fields.OneOf("protocol", DownloadClientProtocols.Torrent, DownloadClientProtocols.Usenet);
        var enabled = fields.Boolean("enabled");
        var priority = fields.Integer("priority", 0, 100);
        var host = fields.String("host", 255, required: true);
        var port = fields.Integer("port", 1, 65535, required: true);
        var useSsl = fields.Boolean("use_ssl");
        var username = fields.String("username", 256);
        var password = fields.String("password", 256);
        var category = fields.String("category", 200);
        var directory = fields.String("directory", 1024);
        var settings = fields.JsonObjectString("settings", 16 * 1024);
        if (host is not null && Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            fields.Fail("host", "The field must be a host name or an IP address.");
        }

        errors = fields.Errors;
        return fields.IsValid
            ? new DownloadClientRequest(name!, kind!, protocol, enabled, priority, host!, port!.Value, useSsl, username,
                password, category, directory, settings)
            : null;
    }
}

/// <summary>What a <c>PUT</c> may change on an entry that a service owns: the fields the user sets.</summary>
internal sealed record OwnedDownloadClientUpdate(bool? Enabled, int? Priority, string? Category, string? Directory)
{
    public static OwnedDownloadClientUpdate? Parse(JsonElement body, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFields(body);
        var update = new OwnedDownloadClientUpdate(
            fields.Boolean("enabled"), fields.Integer("priority", 0, 100), fields.String("category", 200),
            fields.String("directory", 1024));
        errors = fields.Errors;
        return fields.IsValid ? update : null;
    }
}

internal static class DownloadClientProtocols
{
    public const string Torrent = "torrent";
    public const string Usenet = "usenet";
}
