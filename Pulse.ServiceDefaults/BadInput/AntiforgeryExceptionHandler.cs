using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pulse.ServiceDefaults.BadInput;

/// <summary>
/// Answers a form post whose antiforgery token is missing or wrong with a <c>400</c> problem naming the token's form
/// field, in every environment: whether form binding found it (a <see cref="BadHttpRequestException"/> around the
/// <see cref="AntiforgeryValidationException"/>) or an endpoint validated the request itself.
/// </summary>
public sealed class AntiforgeryExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not AntiforgeryValidationException && exception.InnerException is not AntiforgeryValidationException
            || httpContext.Response.HasStarted)
        {
            return false;
        }

        var field = httpContext.RequestServices.GetService<IOptions<AntiforgeryOptions>>()?.Value.FormFieldName
            ?? "__RequestVerificationToken";
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = ["The form must carry the antiforgery token of the page it was sent from."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid antiforgery token",
                Detail = "The form's antiforgery token is missing or does not match: reload the page and send the form again.",
            },
        });
        return true;
    }
}
