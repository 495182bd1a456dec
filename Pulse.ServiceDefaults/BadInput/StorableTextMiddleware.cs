using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Holds the query string and a posted form of every request to the <see cref="StorableText"/> rule before the
/// endpoint runs: a value that breaks it is a <c>400</c> problem keyed by the parameter's name, and the endpoint never
/// sees it. JSON bodies are held to the same rule as they are bound (<see cref="StorableTextContract"/>); route values
/// need no check, as Kestrel refuses a NUL in the path (<c>400</c>) and a path decodes as UTF-8, which holds no lone
/// surrogate.
/// </summary>
public sealed class StorableTextMiddleware(RequestDelegate next)
{
    /// <summary>Checks the request's text, then calls the next middleware, or answers the problem.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Query)
        {
            Check(errors, "query", name, values);
        }

        // A form whose antiforgery token failed must not be read here (ASP.NET Core throws): its endpoint reports it.
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: false }
            && context.Request.HasFormContentType && context.GetEndpoint() is not null)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                // ASP.NET Core's form reader refuses a form holding a NUL, malformed multipart, and a form over its
                // count or length limits, as a whole: no field to name.
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                    detail: "The form cannot be read: it holds a NUL character, is malformed, or exceeds the form limits.")
                    .ExecuteAsync(context);
                return;
            }

            foreach (var (name, values) in form)
            {
                Check(errors, "form", name, values);
            }
        }

        if (errors.Count > 0)
        {
            await TypedResults.ValidationProblem(errors, title: "Invalid request", detail: "One or more fields are invalid.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static void Check(Dictionary<string, string[]> errors, string source, string name, StringValues values)
    {
        if (StorableText.Problem(name) is not null)
        {
            errors[source] = [$"A {source} parameter's name holds text that cannot be stored (a NUL or an unpaired surrogate)."];
            return;
        }

        foreach (var value in values)
        {
            if (StorableText.Problem(value) is { } problem)
            {
                errors[name] = [problem];
                return;
            }
        }
    }
}
