using System.Text.RegularExpressions;
using static Pulse.ServiceDefaults.PulseResources;

namespace Pulse.AppHost.Tests;

/// <summary>What a person sees in the AppHost's console, from start to stop.</summary>
public sealed partial class AppHostConsoleTests
{
    [Fact]
    public async Task TheConsoleShowsTheDashboardsSignInLinkAndNoSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        using var run = new AppHostRun();
        await run.WaitUntilServingAsync(ct);
        var secrets = new Dictionary<string, string>(run.GivenSecrets);
        foreach (var sample in (string[])[Haul, Pilot, Prism])
        {
            secrets[$"{sample}'s generated key"] = (await File.ReadAllTextAsync(Path.Combine(run.DataDir, sample, "api-key"), ct)).Trim();
        }

        run.Signal(LinuxProcess.SigTerm);
        await run.WaitForExitAsync(ct);
        var output = run.Output;

        var signIn = SignInLink().Match(output);
        Assert.True(signIn.Success, $"No sign-in link. The AppHost printed:\n{output}");
        Assert.Equal(run.DashboardPort.ToString(System.Globalization.CultureInfo.InvariantCulture), signIn.Groups["port"].Value);
        var token = signIn.Groups["token"].Value;
        Assert.All(output.Split('\n').Where(line => line.Contains(token, StringComparison.Ordinal)),
            line => Assert.Contains($"/login?t={token}", line));

        foreach (var (name, secret) in secrets)
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"The AppHost printed {name}:\n{output}");
        }
    }

    [GeneratedRegex(@"Login to the dashboard at http://localhost:(?<port>\d+)/login\?t=(?<token>[0-9a-f]+)")]
    private static partial Regex SignInLink();
}
