using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Pulse.Client;
using Pulse.Client.Keys;
using Pulse.Files;
using Pulse.ServiceDefaults.Security;

namespace Pilot.Sample.Web;

/// <summary>
/// Who may call Pilot: a request carrying the consumer's key in <c>X-Api-Key</c>, or a browser signed in through the
/// page's form, which sets a cookie named after the service (<c>pulse-&lt;name&gt;-auth</c>: pilot and prism share
/// 127.0.0.1 and cookies ignore ports) holding a data-protected session key, never the API key; the session itself is
/// kept in memory, ended at sign-out. A <c>Sec-Fetch-Site</c>
/// header proves nothing and is not looked at.
/// </summary>
internal static class PilotAuthentication
{
    public const string Scheme = "ApiKeyOrCookie";

    public static void AddPilotAuthentication(this WebApplicationBuilder builder)
    {
        var name = builder.Configuration[$"{PilotOptions.Section}:Name"] ?? new PilotOptions().Name;
        var dataDir = builder.Configuration[$"{PilotOptions.Section}:DataDir"] ?? new PilotOptions().DataDir;

        // The keys that protect the session cookie and the antiforgery tokens are kept in the data folder, which only this
        // service's user may read (the keys are what a forged cookie would need), so a page loaded before a restart can
        // still post. The sessions themselves live in memory (MemoryTicketStore) and end with the process.
        var keys = Path.Combine(dataDir, "data-protection");
        PrivateFile.EnsureFolder(dataDir);
        PrivateFile.EnsureFolder(keys);

        builder.Services.AddDataProtection()
            .SetApplicationName($"pulse-{name}")
            .PersistKeysToFileSystem(new DirectoryInfo(keys));
        builder.Services.AddAntiforgery(options => options.Cookie.Name = $"pulse-{name}-antiforgery");

        builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, Scheme, options =>
            {
                options.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(PulseHeaders.ApiKey)
                    ? ApiKeyAuthentication.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme;
                options.ForwardChallenge = ApiKeyAuthentication.SchemeName;
            })
            .AddApiKey(services => services.GetRequiredService<ServiceApiKey>().Value)
            .AddCookie(options =>
            {
                options.Cookie.Name = $"pulse-{name}-auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromDays(7);
                options.SlidingExpiration = true;
                options.CookieManager = new NewSessionAtSignIn(new ChunkingCookieManager());
            });

        // The cookie holds a session key, not the ticket: signing out ends the session on the server, and each sign-in
        // starts a new one under a new key (NewSessionAtSignIn).
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<MemoryTicketStore>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<MemoryTicketStore>((options, store) => options.SessionStore = store);
        builder.Services.AddAuthorization();
    }

    /// <summary>Whether a key typed into the sign-in form is the consumer's key (constant time, length hidden).</summary>
    public static bool IsConsumerKey(string? presented, ServiceApiKey key) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(key.Value)));
}
