using System.Security.Cryptography;
using System.Text;
using Pulse.Files;

namespace Pulse.Client.Keys;

/// <summary>
/// A service's own API key: the configured one, else 32 random bytes as 64 lowercase hex characters,
/// generated on first start and kept at <c>&lt;DataDir&gt;/api-key</c> (atomic write, <c>0600</c>) so it survives restarts.
/// </summary>
public static class ServiceApiKeyFile
{
    /// <summary>The key file's name inside the data folder.</summary>
    public const string FileName = "api-key";

    /// <summary>Returns <paramref name="configuredKey"/> if set, else the kept key, generating and keeping one if there is none.</summary>
    /// <exception cref="InvalidDataException">The key file exists but holds no usable key.</exception>
    public static string LoadOrCreate(string? configuredKey, string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            return configuredKey.Trim();
        }

        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var kept = File.ReadAllText(path).Trim();
            if (kept.Length == 0)
            {
                throw new InvalidDataException($"The API key file '{path}' is empty: remove it to generate a new key.");
            }

            return kept;
        }

        PrivateFile.EnsureFolder(dataDir);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        PrivateFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(key));
        return key;
    }
}
