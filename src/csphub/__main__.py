from csphub.cli import run

run()
