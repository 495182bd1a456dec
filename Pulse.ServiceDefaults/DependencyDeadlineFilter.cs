using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pulse.ServiceDefaults;

/// <summary>
/// Answers a request whose handler has not finished by the deadline with <c>503</c>, <c>Retry-After</c> and a problem,
/// then waits for the handler before letting the request end. A PostgreSQL that hangs can hold a command for several
/// of Npgsql's timeouts in a row (the command's, then its cancel request's connect); the caller hears within the
/// deadline all the same. The handler is not abandoned: the request, its scope and its connection live until the
/// handler ends (on Npgsql's own timeouts), and the connection is closed after the answer so that no next request waits
/// behind it.
/// </summary>
internal sealed partial class DependencyDeadlineFilter(TimeSpan deadline, Func<HttpRequest, bool>? exempt) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        if (exempt?.Invoke(httpContext.Request) == true)
        {
            return await next(context);
        }

        // Most handlers that touch no database (a heartbeat renews its lease in memory) finish at once: no timer for them.
        var pending = next(context);
        if (pending.IsCompleted)
        {
            return await pending;
        }

        var handler = pending.AsTask();
        try
        {
            return await handler.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            // Answered below, outside the catch: the handler is still running.
        }

        var logger = httpContext.RequestServices.GetRequiredService<ILogger<DependencyDeadlineFilter>>();
        LogDeadlinePassed(logger, httpContext.Request.Method, httpContext.Request.Path, deadline.TotalSeconds);
        var response = httpContext.Response;
        response.Headers.Connection = "close";
        await DependencyUnavailableHandler.WriteAsync(httpContext.RequestServices.GetRequiredService<IProblemDetailsService>(), httpContext,
            $"The request did not finish within {deadline.TotalSeconds:0} s: a dependency did not answer in time.");
        await response.CompleteAsync();

        // Whatever the handler ends with, the caller has its answer.
        await ((Task)handler).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return EmptyHttpResult.Instance;
    }

    [LoggerMessage(EventId = 2, EventName = "DependencyDeadlinePassed", Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: not finished within {DeadlineSeconds} s")]
    private static partial void LogDeadlinePassed(ILogger logger, string method, PathString path, double deadlineSeconds);
}
