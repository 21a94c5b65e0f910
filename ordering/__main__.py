from ordering.cli import main

main()
