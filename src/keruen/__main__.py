from keruen.cli import main

main()
