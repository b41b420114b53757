namespace ClusterSim.Serving;

/// <summary>
/// Multi-token prediction / speculative decoding: each decode step verifies <see cref="DraftTokens"/> drafted
/// tokens; each is accepted with probability <see cref="AcceptanceRate"/> given the previous one was.
/// </summary>
/// <remarks>
/// A step feeds 1 + d tokens per request and yields 1 + (accepted leading drafts) tokens; the expected yield is
/// 1 + a + a² + … + a^d. DeepSeek reports 85–90 % acceptance for its one MTP module (d = 1), about 1.8 tokens per step.
/// </remarks>
public sealed record SpeculativeDecoding(int DraftTokens, double AcceptanceRate)
{
    /// <summary>No speculation: one token per step.</summary>
    public static readonly SpeculativeDecoding None = new(0, 0);

    /// <summary>Tokens each decode request feeds through the model per step.</summary>
    public int TokensPerStep => 1 + DraftTokens;

    /// <summary>Expected tokens produced per request per step.</summary>
    public double ExpectedTokensPerStep
    {
        get
        {
            double sum = 1, term = 1;
            for (var i = 0; i < DraftTokens; i++)
            {
                term *= AcceptanceRate;
                sum += term;
            }

            return sum;
        }
    }
}
