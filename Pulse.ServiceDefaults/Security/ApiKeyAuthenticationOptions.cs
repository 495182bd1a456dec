using Microsoft.AspNetCore.Authentication;

namespace Pulse.ServiceDefaults.Security;

/// <summary>Options of the <c>X-Api-Key</c> authentication scheme.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Returns the key every request must present; resolved once, on the first request.</summary>
    public Func<IServiceProvider, string>? ExpectedKey { get; set; }

    /// <summary>The check against the expected key, once the first request has resolved it.</summary>
    internal ApiKeyCheck? Check { get; set; }
}
