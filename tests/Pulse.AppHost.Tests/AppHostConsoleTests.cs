using System.Net;
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

        // The link signs in: the dashboard takes its token and sends the browser on to the resources (a wrong token is
        // sent back to the login page).
        var signIn = SignInLink().Match(run.Output);
        Assert.True(signIn.Success, $"No sign-in link. The AppHost printed:\n{run.Output}");
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        using (var answer = await browser.GetAsync(new Uri(signIn.Groups["link"].Value), ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.DoesNotContain("/login", answer.Headers.Location?.OriginalString ?? "/login", StringComparison.Ordinal);
        }

        run.Signal(LinuxProcess.SigTerm);
        await run.WaitForExitAsync(ct);
        var output = run.Output;
        var token = signIn.Groups["token"].Value;
        Assert.All(output.Split('\n').Where(line => line.Contains(token, StringComparison.Ordinal)),
            line => Assert.Contains($"/login?t={token}", line));

        foreach (var (name, secret) in secrets)
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"The AppHost printed {name}:\n{output}");
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (?<link>http://localhost:\d+/login\?t=(?<token>[0-9a-f]+))")]
    private static partial Regex SignInLink();
}
