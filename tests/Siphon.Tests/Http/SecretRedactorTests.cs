using Siphon.Http;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class SecretRedactorTests
{
    private static readonly object? Spec = Siphon.Values.JsonValues.Parse("""
        {
          "type": "object",
          "properties": {
            "api_key": { "type": "string", "airbyte_secret": true },
            "region": { "type": "string" },
            "credentials": {
              "oneOf": [
                { "properties": { "client_secret": { "airbyte_secret": true } } },
                { "properties": { "password": { "airbyte_secret": true } } }
              ]
            }
          }
        }
        """);

    [Fact]
    public void FromSpec_AirbyteSecretFields_AreRedactedIncludingNestedOnes()
    {
        var redactor = SecretRedactor.FromSpec(Spec, Config("""{"api_key": "key-123", "region": "eu-west", "credentials": {"password": "p@ss word"}}"""));

        Assert.Equal("key=**** region=eu-west pw=****", redactor.Redact("key=key-123 region=eu-west pw=p@ss word"));
    }

    [Fact]
    public void Redact_EncodedForms_AreRedactedToo()
    {
        var redactor = new SecretRedactor();
        redactor.Add("p@ss word");

        Assert.Equal("q=**** form=**** b64=****", redactor.Redact($"q=p%40ss%20word form=p%40ss+word b64={Convert.ToBase64String("p@ss word"u8.ToArray())}"));
        redactor.Add("say \"hi\"");
        Assert.Equal("""{"x":"****"}""", redactor.Redact("""{"x":"say \"hi\""}"""));
    }

    [Fact]
    public void Redact_OverlappingSecrets_LongestMatchWins()
    {
        var redactor = new SecretRedactor();
        redactor.Add("abc");
        redactor.Add("abcdef");

        Assert.Equal("x **** y ****", redactor.Redact("x abcdef y abc"));
    }

    [Fact]
    public void Add_ShortValues_AreIgnoredSoTextStaysReadable()
    {
        var redactor = new SecretRedactor();
        redactor.Add("ab");

        Assert.Equal("ab cab", redactor.Redact("ab cab"));
        Assert.True(redactor.IsEmpty);
    }
}
