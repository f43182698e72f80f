return await Siphon.Cli.SiphonCommand.RunAsync(args);
