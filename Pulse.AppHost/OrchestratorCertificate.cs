using System.Net;
using System.Reflection;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using static Pulse.AppHost.LauncherScript;

namespace Pulse.AppHost;

/// <summary>
/// Gives Aspire's orchestrator (DCP) the certificate of its API server, instead of letting it make one.
/// </summary>
/// <remarks>
/// Left alone, DCP generates an RSA key for a self-signed certificate at every start: 1.3–2.5 s of CPU on a 2-core
/// machine, before anything else can start (measured: <c>dcp start-apiserver</c> answers after 1.5–2.7 s, and after
/// 0.19 s when given a certificate). DCP takes <c>--tls-cert-file</c> and <c>--tls-key-file</c>, but Aspire starts it
/// with fixed arguments, so the AppHost points <c>DcpPublisher:CliPath</c> at a two-line script that adds them. The
/// certificate is an ECDSA P-256 one, made in under a millisecond for each run, in a folder only this user can read,
/// deleted once the orchestrator has started. Nothing changes when DCP comes from an Aspire CLI bundle
/// (<c>ASPIRE_DCP_PATH</c>), from an explicit <c>DcpPublisher:CliPath</c>, or when the AppHost is not on Linux or macOS.
/// The same script puts the launcher of built projects first on DCP's PATH (<see cref="BuiltProjectStart"/>).
/// </remarks>
internal static class OrchestratorCertificate
{
    // Where Aspire.AppHost.Sdk records the orchestrator's path from its NuGet package, in the AppHost's assembly.
    private const string DcpPathMetadataKey = "dcpclipath";

    public static IDistributedApplicationBuilder WithQuickOrchestratorStart(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || OperatingSystem.IsWindows()
            || !string.IsNullOrEmpty(builder.Configuration["ASPIRE_DCP_PATH"])
            || !string.IsNullOrEmpty(builder.Configuration["DcpPublisher:CliPath"])
            || DcpPath() is not { } dcp || !File.Exists(dcp) || !File.Exists(Shell))
        {
            return builder;
        }

        // Its key is needed only until the orchestrator has started: deleted then, and by the run's end at the latest.
        var folder = RunFolder.Create(builder, "pulse-dcp-");
        builder.Configuration["DcpPublisher:CliPath"] = WriteLauncher(folder, dcp, BuiltProjectStart.WriteDotnetLauncher(builder));
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((_, _) =>
        {
            folder.Dispose();
            return Task.CompletedTask;
        });
        return builder;
    }

    private static string? DcpPath() =>
        typeof(OrchestratorCertificate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(metadata => string.Equals(metadata.Key, DcpPathMetadataKey, StringComparison.OrdinalIgnoreCase))?.Value;

    [UnsupportedOSPlatform("windows")]
    private static string WriteLauncher(RunFolder folder, string dcp, string? dotnetFolder)
    {
        string certificateFile, keyFile;
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var certificate = SelfSigned(key))
        {
            certificateFile = folder.WriteFile("dcp-cert.pem", certificate.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            keyFile = folder.WriteFile("dcp-key.pem", key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // DCP finds dotnet on its PATH: first the AppHost's launcher of built projects, when it has one (BuiltProjectStart).
        var path = dotnetFolder is null ? "" : $"export PATH={Quote(dotnetFolder)}:\"$PATH\"";
        return folder.WriteFile("dcp", $"""
            #!{Shell}
            {path}
            [ "$1" = start-apiserver ] && exec {Quote(dcp)} "$@" --tls-cert-file {Quote(certificateFile)} --tls-key-file {Quote(keyFile)} --monitor-interval 1
            exec {Quote(dcp)} "$@"

            """, LauncherScript.Mode);
    }

    private static X509Certificate2 SelfSigned(ECDsa key)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
    }
}
