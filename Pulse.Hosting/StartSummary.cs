using System.Globalization;
using System.Text;
using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting;

/// <summary>What the host prints once everything is up: each resource with its URL, and where each key is kept (never a key).</summary>
internal static class StartSummary
{
    public static string Describe(DistributedApplication app, TimeSpan elapsed, IReadOnlyDictionary<string, TimeSpan> startDurations)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Pulse AppHost is up in {elapsed.TotalSeconds:0.0} s. Data folder: {app.Options.DataDir}");
        foreach (var runner in app.Runners)
        {
            var resource = runner.Resource;
            var where = resource.IsExternal ? "(existing server)" : resource.Endpoint.Url.ToString();
            var took = startDurations.TryGetValue(resource.Name, out var duration)
                ? $"ready in {duration.TotalSeconds:0.0} s"
                : runner.State.ToString();
            text.AppendLine(CultureInfo.InvariantCulture, $"  {resource.Name,-10} {resource.Kind,-15} {where,-28} {took}");
        }

        foreach (var parameter in app.Resources.OfType<ParameterResource>())
        {
            var source = parameter.KeptAt ?? $"from configuration (Parameters:{parameter.Name})";
            text.AppendLine(CultureInfo.InvariantCulture, $"  key {parameter.Name,-18} kept at {source}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  dashboard  {app.DashboardLoginUrl}");
        text.Append("Press Ctrl+C to stop.");
        return text.ToString();
    }
}
