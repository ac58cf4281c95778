namespace AgentFlow.Agents.Local;

/// <summary>A prompt split into what is asked and what it is asked about.</summary>
/// <param name="Instructions">Instruction sentences, in order.</param>
/// <param name="Content">Content blocks (paragraphs keep their line structure).</param>
/// <param name="Task">The recognised task.</param>
/// <param name="SentenceCount">Sentences asked for ("in two sentences", "one paragraph" = 3), if stated.</param>
/// <param name="ItemCount">Items asked for ("five keywords"), if stated.</param>
/// <param name="WordLimit">Word cap ("in at most 50 words"), if stated.</param>
/// <param name="Name">Who to greet, if a name was found.</param>
/// <param name="ContentFromInstructions">True when the prompt had no content and the instruction stands in for it.</param>
internal sealed record ParsedPrompt(
    IReadOnlyList<string> Instructions,
    IReadOnlyList<string> Content,
    LocalTask Task,
    int? SentenceCount,
    int? ItemCount,
    int? WordLimit,
    string? Name,
    bool ContentFromInstructions);
