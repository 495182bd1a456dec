using System.Globalization;
using System.Text;
using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting;

/// <summary>What the host prints once everything is up: each resource with its URL, and where each key is kept (never a key).</summary>
internal static class StartSummary
{
    private const string ServiceKeyFileName = "api-key";

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

        // A service that generates its own key keeps it at <DataDir>/<resource>/api-key (SPEC 3).
        foreach (var project in app.Resources.OfType<ProjectResource>())
        {
            var keyFile = Path.Combine(app.Options.DataDir, project.Name, ServiceKeyFileName);
            if (File.Exists(keyFile))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  key {project.Name + " api key",-18} kept at {keyFile}");
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  dashboard  {app.DashboardLoginUrl}");
        text.Append("Press Ctrl+C to stop.");
        return text.ToString();
    }
}
