using Haul.Sample;
using Pulse.ServiceDefaults.BadInput;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHaulServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStorableText();
app.MapDefaultEndpoints();
app.MapHaulApi();

app.Run();
