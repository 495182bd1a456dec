namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>
/// Defence in depth: replaces every secret the host handed out (secret parameters, the OTLP key, the dashboard
/// token) with <c>***</c> in telemetry before the dashboard keeps it, should a service ever log or trace one.
/// </summary>
internal sealed class SecretScrubber(IEnumerable<string> secrets)
{
    public const string Mask = "***";

    // Short values would mask ordinary words; every secret the host generates is far longer.
    private readonly string[] _secrets = [.. secrets.Where(secret => secret.Length >= 8).Distinct(StringComparer.Ordinal)];

    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
