using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Pilot.Sample.Web;

/// <summary>
/// Makes each sign-in a new session. Left alone, the cookie handler renews the session a signed-in browser signs in
/// from, under the same session key, so a copy of the cookie from before the sign-in would go on working after it.
/// On the sign-in post this cookie manager hides the sign-in cookie from the handler (which then stores a new session
/// under a new key), and <see cref="EndPreviousAsync"/> ends the session the cookie named.
/// </summary>
internal sealed class NewSessionAtSignIn(ICookieManager inner) : ICookieManager
{
    public const string SignInPath = "/signin";

    // The claim under which the cookie handler keeps the session key in the cookie when a session store is used.
    private const string SessionKeyClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public string? GetRequestCookie(HttpContext context, string key) =>
        IsSignIn(context) ? null : inner.GetRequestCookie(context, key);

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        inner.AppendResponseCookie(context, key, value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) => inner.DeleteCookie(context, key, options);

    /// <summary>Ends the session the request's sign-in cookie names, if it names one.</summary>
    public static async Task EndPreviousAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);
        if (options is { CookieManager: NewSessionAtSignIn manager, Cookie.Name: { } name, SessionStore: { } store }
            && manager.Inner.GetRequestCookie(context, name) is { } cookie
            && options.TicketDataFormat.Unprotect(cookie) is { } ticket
            && ticket.Principal.FindFirst(SessionKeyClaim)?.Value is { } sessionKey)
        {
            await store.RemoveAsync(sessionKey, context, context.RequestAborted);
        }
    }

    private ICookieManager Inner => inner;

    private static bool IsSignIn(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase);
}
