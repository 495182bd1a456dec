using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Pulse.Hosting.Dashboard.Security;

/// <summary>
/// On state-changing routes: a browser (signed in with the cookie) must send the antiforgery token in
/// <see cref="HeaderName"/>; a bearer call needs none, since no browser adds that header by itself.
/// </summary>
internal sealed class AntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = "X-Pulse-Antiforgery";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (DashboardCallers.Of(context.HttpContext) != DashboardCaller.Bearer &&
            !await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return TypedResults.Problem(
                $"A state-changing call from the browser needs the antiforgery token in {HeaderName}.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Antiforgery token missing or invalid");
        }

        return await next(context);
    }
}
