namespace Pulse.Registry.Api;

/// <summary>The registry's problem results (RFC 9457), built in one place.</summary>
internal static class Problems
{
    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "Not found", $"{what} does not exist.");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.", title: "Invalid request");

    /// <summary>A validation problem where the caller's result type wants a <see cref="ProblemHttpResult"/>.</summary>
    public static ProblemHttpResult InvalidField(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = "One or more fields are invalid.",
        });

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });
}
