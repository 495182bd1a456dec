using Pulse.Hosting.Dashboard.Otlp.Proto;
using Pulse.Hosting.Dashboard.Telemetry;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>Turns an OTLP metrics export into the latest value of each metric (summed over its attribute sets).</summary>
internal static class OtlpMetrics
{
    public static List<MetricSeries> Convert(ExportMetricsServiceRequest request)
    {
        var series = new List<MetricSeries>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var service = OtlpValues.ServiceName(resourceMetrics.Resource);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(scope => scope.Metrics))
            {
                if (Latest(metric, service) is { } latest)
                {
                    series.Add(latest);
                }
            }
        }

        return series;
    }

    private static MetricSeries? Latest(Metric metric, string service)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge when metric.Gauge.DataPoints.Count > 0:
                return Number(metric, service, "gauge", metric.Gauge.DataPoints);
            case Metric.DataOneofCase.Sum when metric.Sum.DataPoints.Count > 0:
                return Number(metric, service, "sum", metric.Sum.DataPoints);
            case Metric.DataOneofCase.Histogram when metric.Histogram.DataPoints.Count > 0:
                var points = metric.Histogram.DataPoints;
                return new MetricSeries(
                    service, metric.Name, metric.Description, metric.Unit, "histogram",
                    points.Sum(point => point.HasSum ? point.Sum : 0),
                    points.Aggregate(0UL, (count, point) => count + point.Count),
                    OtlpValues.Time(points.Max(point => point.TimeUnixNano)));
            default:
                return null;
        }
    }

    private static MetricSeries Number(Metric metric, string service, string kind, IReadOnlyList<NumberDataPoint> points) =>
        new(
            service, metric.Name, metric.Description, metric.Unit, kind,
            points.Sum(point => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble),
            null,
            OtlpValues.Time(points.Max(point => point.TimeUnixNano)));
}
