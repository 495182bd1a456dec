using Pilot.Sample;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPilotServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();

app.Run();
