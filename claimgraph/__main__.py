from claimgraph.present.cli import main

main()
