using Pilot.Sample;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPilotServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapPilotApi();

app.Run();

/// <summary>Pilot's entry point, visible to its tests.</summary>
public partial class Program;
