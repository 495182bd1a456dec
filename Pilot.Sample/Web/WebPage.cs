using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Pilot.Sample.DownloadClients;
using Pilot.Sample.Grabs;
using Pulse.Client.Keys;
using Pulse.ServiceDefaults.BadInput;
using Pulse.ServiceDefaults.Security;

namespace Pilot.Sample.Web;

/// <summary>The page at <c>/</c>: sign in with the consumer's key, see the download clients and recent grabs, grab.</summary>
internal static class WebPage
{
    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", ShowAsync).WithName("Page").WithSummary("The web page.").ExcludeFromDescription();
        endpoints.MapPost(NewSessionAtSignIn.SignInPath, SignInAsync).WithName("SignIn").ExcludeFromDescription();
        endpoints.MapPost("/signout", (Delegate)SignOutAsync).WithName("SignOut").ExcludeFromDescription();
        endpoints.MapPost("/grab", GrabAsync).WithName("GrabFromPage").ExcludeFromDescription().RequireAuthorization();
        return endpoints;
    }

    private static async Task<ContentHttpResult> ShowAsync(
        HttpContext context, IAntiforgery antiforgery, IOptions<PilotOptions> options, DownloadClientStore clients, GrabStore grabs,
        string? message, CancellationToken cancellationToken)
    {
        var token = antiforgery.GetAndStoreTokens(context);
        var html = await IsSignedInAsync(context)
            ? PageHtml.Dashboard(options.Value, token, await clients.ListAsync(cancellationToken), await grabs.ListAsync(20, cancellationToken), message)
            : PageHtml.SignIn(options.Value, token, message);
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    // A wrong key typed into the form is a failed authentication like a wrong X-Api-Key, and is throttled alike.
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignInAsync(
        HttpContext context, [FromForm(Name = "api_key")] string? apiKey, ServiceApiKey key, FailedAuthenticationThrottle throttle)
    {
        if (!PilotAuthentication.IsConsumerKey(apiKey, key))
        {
            return throttle.TryCountFailure(context)
                ? TypedResults.Redirect("/?message=" + Uri.EscapeDataString("That is not this consumer's API key."))
                : throttle.Refusal(context);
        }

        // Each sign-in is a new session: the one the browser came with (if any) ends here, so a cookie from before the
        // sign-in is not carried on.
        await NewSessionAtSignIn.EndPreviousAsync(context);

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "web")], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.Redirect("/");
    }

    // Signing out binds no form field, so nothing checks its token unless the handler asks: a missing or wrong token
    // throws, and the antiforgery exception handler answers 400.
    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        await antiforgery.ValidateRequestAsync(context);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect("/");
    }

    // The fields are bound as they were sent: a field sent twice would otherwise bind as both values joined by a comma.
    private static async Task<RedirectHttpResult> GrabAsync(
        [FromForm] StringValues? title, [FromForm] StringValues? uri, [FromForm] StringValues? category,
        GrabStore grabs, GrabDispatcher dispatcher, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var repeated = new[] { ("title", title), ("uri", uri), ("category", category) }
            .Where(f => f.Item2 is { Count: > 1 }).Select(f => f.Item1).ToList();
        if (repeated.Count > 0)
        {
            return TypedResults.Redirect("/?message=" + Uri.EscapeDataString($"The form sent {string.Join(", ", repeated)} more than once."));
        }

        var categoryText = One(category);
        var request = new GrabRequest { Title = One(title), Uri = One(uri), Category = string.IsNullOrWhiteSpace(categoryText) ? null : categoryText };

        // The API's rules, from the same annotations; the page answers with a message rather than a problem.
        if (BodyValidation.Errors(request, context.RequestServices) is { Count: > 0 } errors)
        {
            return TypedResults.Redirect("/?message=" + Uri.EscapeDataString(BodyValidation.Describe(errors)));
        }

        var grab = await GrabsApi.StoreAndSendAsync(request, grabs, dispatcher, time, cancellationToken);
        var outcome = grab.Status == GrabRecord.Failed ? $"Grab failed: {grab.Reason}" : $"Grab {grab.Status}: {grab.Title}";
        return TypedResults.Redirect("/?message=" + Uri.EscapeDataString(outcome));
    }

    private static string? One(StringValues? field) => field is { Count: 1 } value ? value[0] : null;

    private static async Task<bool> IsSignedInAsync(HttpContext context) =>
        (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Succeeded;
}
