namespace AgentFlow.Triggers.Imap;

/// <summary>How IMAP triggers wait, retry and cut large mail (configuration section <c>Triggers:Imap</c>).</summary>
public sealed class ImapTriggerOptions
{
    /// <summary>
    /// Use IMAP IDLE when the server offers it (default true); false always polls every <c>poll</c> of the trigger.
    /// </summary>
    public bool UseIdle { get; set; } = true;

    /// <summary>
    /// How long one IDLE command lasts before it is renewed (default 9 minutes: servers may drop an IDLE after 30
    /// minutes, NAT boxes sooner).
    /// </summary>
    public TimeSpan IdleRestart { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>How often a paused trigger asks whether it was resumed (default 30 seconds); it keeps its connection.</summary>
    public TimeSpan PausedRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after a failure (default 1 second); it doubles with each failure in a row.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts (default 5 minutes).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most characters of a mail's <c>text</c> and <c>html</c> given to the input mapping (default 1,000,000);
    /// longer ones are cut with a marker that says how much was left out.
    /// </summary>
    public int MaxTextLength { get; set; } = 1_000_000;
}
