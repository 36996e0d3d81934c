namespace Gavel.Server.Demo;

internal sealed class DemoSeeder
{
    public Task SeedAsync(CancellationToken ct) => Task.CompletedTask;
}

internal static class DemoSetup
{
    public static IServiceCollection AddDemoData(this IServiceCollection services) => services.AddScoped<DemoSeeder>();
}
