namespace Pulse.Registry.Api;

/// <summary>The OpenAPI responses of a route that reads a JSON body.</summary>
internal static class JsonBodyMetadata
{
    /// <summary>
    /// Declares the problems every JSON body may meet: <c>400</c> (invalid fields, malformed JSON), <c>413</c> (larger
    /// than the route accepts) and <c>415</c> (not JSON).
    /// </summary>
    public static TBuilder ProducesJsonBodyProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
