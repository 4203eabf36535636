using GradientWeb.Server.Setup;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGradientWeb();

var app = builder.Build();
app.UseGradientWeb();
app.MapGradientWeb();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
