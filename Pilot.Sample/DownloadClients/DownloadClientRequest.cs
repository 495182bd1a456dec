namespace Pilot.Sample.DownloadClients;

/// <summary>
/// A manual download client, as posted or put. For an entry synced from Pulse only <c>category</c>, <c>priority</c>
/// and <c>enabled</c> may change: the rest belongs to the registry.
/// </summary>
internal sealed record DownloadClientRequest(
    string? Name,
    string? Implementation,
    string? Protocol,
    string? Url,
    string? ApiKey,
    string? Category,
    int? Priority,
    bool? Enabled)
{
    public const int MinPriority = 1;
    public const int MaxPriority = 50;

    /// <summary>The problems of a request for a manual entry, keyed by JSON field name.</summary>
    public Dictionary<string, string[]> ValidateManual()
    {
        var errors = ValidateLocal();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors["name"] = ["name is required, 1 to 200 characters."];
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors["url"] = ["url must be an absolute http or https URL."];
        }

        if (string.IsNullOrEmpty(ApiKey) || ApiKey.Length > 256)
        {
            errors["api_key"] = ["api_key is required, at most 256 characters."];
        }

        if (Protocol is not (null or "torrent" or "usenet"))
        {
            errors["protocol"] = ["protocol must be 'torrent' or 'usenet'."];
        }

        if (Implementation is { Length: > 50 })
        {
            errors["implementation"] = ["implementation is at most 50 characters."];
        }

        return errors;
    }

    /// <summary>The problems of the fields the user owns on any entry.</summary>
    public Dictionary<string, string[]> ValidateLocal()
    {
        var errors = new Dictionary<string, string[]>();
        if (Priority is < MinPriority or > MaxPriority)
        {
            errors["priority"] = [$"priority must be between {MinPriority} and {MaxPriority}."];
        }

        if (Category is { Length: > 100 })
        {
            errors["category"] = ["category is at most 100 characters."];
        }

        return errors;
    }
}
