namespace Pulse.Registry.Api;

/// <summary>
/// An authenticated endpoint that does nothing, mapped only with <c>Registry:BenchmarkNoOp</c>: the benchmark compares
/// heartbeats with it, through the same middleware, in the same process.
/// </summary>
internal static class NoOpApi
{
    public const string Path = "/api/v1/noop";

    public static RouteGroupBuilder MapNoOpApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Benchmark").RequirePrincipal();
        group.MapGet("/", () => TypedResults.NoContent())
            .WithName("NoOp")
            .WithSummary("Does nothing (benchmark baseline; mapped only with Registry:BenchmarkNoOp).");
        return group;
    }
}
