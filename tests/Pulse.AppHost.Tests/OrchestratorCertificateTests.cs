namespace Pulse.AppHost.Tests;

/// <summary>Aspire's orchestrator runs with the certificate the AppHost made for it, and its key does not outlive the start.</summary>
[Collection(GraphCollection.Name)]
public sealed class OrchestratorCertificateTests(GraphFixture fixture)
{
    [Fact]
    public void TheOrchestratorsApiServerTakesTheAppHostsCertificateWhoseKeyIsDeletedOnceTheGraphRuns()
    {
        Assert.NotNull(fixture.Graph);
        var monitored = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var apiServer = Assert.Single(LinuxProcess.All(), process =>
            process.Program == "dcp" && process.CommandLine.Contains("start-apiserver")
            && ArgumentAfter(process, "--monitor") == monitored && !process.CommandLine.Contains("--detach"));

        var keyFile = ArgumentAfter(apiServer, "--tls-key-file");
        Assert.NotNull(keyFile);
        Assert.NotNull(ArgumentAfter(apiServer, "--tls-cert-file"));
        Assert.False(File.Exists(keyFile), $"The orchestrator's key is still at {keyFile}.");
    }

    private static string? ArgumentAfter(LinuxProcess process, string option) =>
        process.CommandLine.SkipWhile(argument => argument != option).Skip(1).FirstOrDefault();
}
