using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AgentFlow.Cli;

/// <summary>
/// Logging of a command: one line per message on stderr (stdout stays the command's output). Defaults: warnings from
/// AgentFlow and its libraries; run events (started, waiting, completed, failed, node failures) only in
/// <c>agentflow worker</c>; <c>--verbose</c> adds node-level detail. <c>Logging:LogLevel</c> in agentflow.json or
/// <c>AGENTFLOW__LOGGING__LOGLEVEL__*</c> override the defaults, category by category.
/// </summary>
internal static class CliLogging
{
    /// <summary>Set from <c>--verbose</c> before a command runs.</summary>
    public static bool Verbose { get; set; }

    /// <summary>Configures a command's logging from <paramref name="configuration"/>; <paramref name="runEvents"/> shows run events at Information.</summary>
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration, bool runEvents)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("AgentFlow", Verbose ? LogLevel.Debug : LogLevel.Warning);

        // The CLI's own progress lines already say what a followed run does; a worker has no such lines.
        // A host that fails to start is reported by the command as one line, not by the host with a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

        logging.AddFilter(RunNames.LogCategory, Verbose ? LogLevel.Debug : runEvents ? LogLevel.Information : LogLevel.None);
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
