using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace Pilot.Sample.Web;

/// <summary>
/// Keeps sign-in sessions in memory; the cookie carries only a random session key. Signing out removes the session, so
/// a copy of the cookie stops working at once, and each sign-in starts a new session under a new key. Sessions end
/// when the process does: after a restart everyone signs in again.
/// </summary>
internal sealed class MemoryTicketStore(IMemoryCache cache, TimeProvider time) : ITicketStore
{
    private const string Prefix = "pilot-session:";

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Base64Url(RandomNumberGenerator.GetBytes(32));
        Keep(key, ticket);
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        Keep(key, ticket);
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        Task.FromResult(cache.TryGetValue(Prefix + key, out AuthenticationTicket? ticket) ? ticket : null);

    public Task RemoveAsync(string key)
    {
        cache.Remove(Prefix + key);
        return Task.CompletedTask;
    }

    private void Keep(string key, AuthenticationTicket ticket)
    {
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddDays(1);
        cache.Set(Prefix + key, ticket, expires);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
