using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterSim.Cli.Tests;

public sealed class HandlerRegistrationTests
{
    public static TheoryData<Type> ArgumentTypes() => new(
        typeof(ClusterSim.Cli.Commands.RunArguments).Assembly.GetTypes()
            .Where(t => t.Namespace == "ClusterSim.Cli.Commands" && t.Name.EndsWith("Arguments", StringComparison.Ordinal) && t.IsClass)
            .OrderBy(t => t.Name, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(ArgumentTypes))]
    public void Every_verb_has_a_handler_registered(Type argumentsType)
    {
        using var host = CliHost.Build(new CliEnvironment(TextWriter.Null, TextWriter.Null), verbose: false);
        var handlerType = typeof(IVerbHandler<>).MakeGenericType(argumentsType);

        Assert.NotNull(host.Services.GetService(handlerType));
    }
}
