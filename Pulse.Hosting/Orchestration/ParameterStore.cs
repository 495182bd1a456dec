using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// Resolves parameters: <c>Parameters:&lt;name&gt;</c> from configuration wins; otherwise the value generated on an
/// earlier run and kept in <c>&lt;DataDir&gt;/parameters/&lt;name&gt;</c> (<c>0600</c>); otherwise a new one, kept there.
/// </summary>
internal sealed class ParameterStore(string dataDir, IConfiguration configuration)
{
    private string Folder => Path.Combine(dataDir, "parameters");

    public void Resolve(ParameterResource parameter)
    {
        if (configuration[$"Parameters:{parameter.Name}"] is { Length: > 0 } configured)
        {
            parameter.Value = configured;
            parameter.KeptAt = null;
            return;
        }

        var file = Path.Combine(Folder, parameter.Name);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            AtomicFile.Write(file, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        }

        parameter.Value = File.ReadAllText(file).Trim();
        parameter.KeptAt = file;
    }
}
